import * as tf from '@tensorflow/tfjs-core';

/**
 * MaxOut over the last axis: entry `j*pieces + i` is piece `i` of unit `j`, and each unit keeps
 * its largest piece.
 */
export function maxOut(x: tf.Tensor, pieces: number, owner = 'maxOut'): tf.Tensor {
  if (pieces === 1) return x;
  const channels = x.shape[x.rank - 1]!;
  if (channels % pieces !== 0) {
    throw new Error(`${owner}: maxOut ${pieces} does not divide the ${channels} channels of its linear part`);
  }
  return tf.tidy(() => {
    const units = channels / pieces;
    const grouped = tf.reshape(x, [-1, pieces]);
    return tf.reshape(tf.max(grouped, 1), [...x.shape.slice(0, -1), units]);
  });
}
