import * as tf from '@tensorflow/tfjs-core';

/**
 * n² images [n², H, W, C] tiled into one [1, n·H, n·W, C] grid, column-major as B-cos v2's
 * localisation analysis: image k fills column ⌊k / n⌋, row k mod n.
 */
export function tileGrid(images: tf.Tensor4D, gridSize: number): tf.Tensor4D {
  const [count, height, width, channels] = images.shape;
  if (!Number.isInteger(gridSize) || gridSize < 1 || count !== gridSize * gridSize) {
    throw new Error(`tileGrid: ${count} images do not fill a ${gridSize}×${gridSize} grid`);
  }
  return tf.tidy(() => {
    const byColumnRow = tf.reshape(images, [gridSize, gridSize, height, width, channels]);
    const rowsOfPixels = tf.transpose(byColumnRow, [1, 2, 0, 3, 4]);
    return tf.reshape(rowsOfPixels, [1, gridSize * height, gridSize * width, channels]) as tf.Tensor4D;
  });
}
