import * as tf from '@tensorflow/tfjs-core';
import { addScalars } from '../ops/add-scalars';

/**
 * Scales all gradients together so their global L2 norm is at most `maxNorm` (PyTorch
 * `clip_grad_norm_`: coefficient maxNorm / (norm + 1e-6), capped at 1). Computed on the device.
 */
export function clipByGlobalNorm(gradients: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  return tf.tidy(() => {
    const entries = Object.entries(gradients);
    const norm = tf.sqrt(addScalars(entries.map(([, g]) => tf.sum(tf.square(g)))));
    const coefficient = tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
    return Object.fromEntries(entries.map(([name, g]) => [name, tf.mul(g, coefficient)]));
  });
}
