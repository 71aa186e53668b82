import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean over a size×size window at stride 1 keeping H×W, with the zero padding counted in the mean
 * (PyTorch avg_pool2d, count_include_pad=True); tfjs' 'same' avgPool would leave it out.
 */
export function windowMean(maps: tf.Tensor4D, size: number): tf.Tensor4D {
  if (size <= 1) return maps;
  return tf.tidy(() => {
    const margin = (size - 1) / 2;
    const padded = tf.pad(maps, [
      [0, 0],
      [margin, margin],
      [margin, margin],
      [0, 0],
    ]);
    return tf.avgPool(padded, size, 1, 'valid');
  });
}
