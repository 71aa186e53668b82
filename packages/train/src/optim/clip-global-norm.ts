import * as tf from '@tensorflow/tfjs-core';
import { sumOfSquares } from './sum-of-squares';

/**
 * Scales all gradients together so their global L2 norm is at most `maxNorm` (PyTorch
 * `clip_grad_norm_`: coefficient maxNorm / (norm + 1e-6), capped at 1). Computed on the device.
 */
export function clipByGlobalNorm(gradients: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const entries = Object.entries(gradients);
    const norm = tf.sqrt(sumOfSquares(entries.map(([, g]) => g)));
    const coefficient = tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
    return Object.fromEntries(entries.map(([name, g]) => [name, tf.mul(g, coefficient)]));
  });
}
