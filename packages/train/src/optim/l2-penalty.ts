import * as tf from '@tensorflow/tfjs-core';
import { addScalars } from '../ops/add-scalars';

/** factor · Σ w² over `weights` (Keras' `regularizers.l2(factor)`; its gradient is 2·factor·w). */
export function l2Penalty(weights: readonly tf.Tensor[], factor: number): tf.Scalar {
  return tf.tidy(() => tf.mul(addScalars(weights.map((w) => tf.sum(tf.square(w)))), factor));
}
