import * as tf from '@tensorflow/tfjs-core';

/**
 * The value of `x` with no gradient flowing back into it (tfjs-core has no public stopGradient).
 * Explanation mode uses it to freeze the dynamic factors of B-cos layers and norms.
 */
export const stopGradient = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as <T extends tf.Tensor>(x: T) => T;

/** `x` detached when `detach` is set, else `x` itself. */
export function detachIf<T extends tf.Tensor>(x: T, detach: boolean): T {
  return detach ? stopGradient(x) : x;
}
