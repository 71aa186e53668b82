import * as tf from '@tensorflow/tfjs-core';
import { sumOfSquares } from './sum-of-squares';

/** factor · Σ w² over `weights` (Keras' `regularizers.l2(factor)`; its gradient is 2·factor·w). */
export function l2Penalty(weights: readonly tf.Tensor[], factor: number): tf.Scalar {
  return tf.tidy(() => tf.mul(sumOfSquares(weights), factor));
}
