import * as tf from '@tensorflow/tfjs-core';
import { detachIf } from '../stop-gradient';

export interface Statistics {
  /** Broadcastable to the input; unused (null) by uncentered norms. */
  mean: tf.Tensor | null;
  variance: tf.Tensor;
}

/** (x − mean)/sqrt(variance + ε), or x/sqrt(variance + ε) when `mean` is null. */
export function divideByDeviation(x: tf.Tensor, { mean, variance }: Statistics, epsilon: number): tf.Tensor {
  return tf.tidy(() => {
    const centred = mean === null ? x : tf.sub(x, mean);
    return tf.div(centred, tf.sqrt(tf.add(variance, epsilon)));
  });
}

/**
 * Mean and (biased) variance of `x` over `axes`, kept as broadcastable dims. Even uncentered norms
 * divide by the deviation from the mean, as B-cos v2 does. `detachVariance` is explanation mode.
 */
export function statistics(
  x: tf.Tensor,
  axes: number[],
  detachVariance: boolean,
): Statistics & { mean: tf.Tensor } {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, axes, true);
    return { mean, variance: detachIf(variance, detachVariance) };
  });
}

/** Standardises `x` by its own statistics over `axes`. */
export function standardizeOver(
  x: tf.Tensor,
  axes: number[],
  { centered, epsilon, detachVariance }: { centered: boolean; epsilon: number; detachVariance: boolean },
): tf.Tensor {
  return tf.tidy(() => {
    const { mean, variance } = statistics(x, axes, detachVariance);
    return divideByDeviation(x, { mean: centered ? mean : null, variance }, epsilon);
  });
}
