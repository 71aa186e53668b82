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

/**
 * `fn(x)` computed off the gradient tape when `detach` is set. Unlike `stopGradient(fn(x))`, the
 * backward pass then never visits fn's ops: a zero gradient sent back through sqrt at 0 would
 * come out as 0·∞ = NaN, and the skipped ops cost no kernels.
 */
export function applyDetachedIf<T extends tf.Tensor>(
  fn: (x: tf.Tensor) => T,
  x: tf.Tensor,
  detach: boolean,
): T {
  if (!detach) return fn(x);
  const detached = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    return { value: fn(input), gradFunc: () => tf.zerosLike(input) };
  });
  return detached(x) as T;
}
