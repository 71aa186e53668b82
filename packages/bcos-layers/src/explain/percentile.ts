import * as tf from '@tensorflow/tfjs-core';

/**
 * The `percent`-th percentile of each row of `rows` [N, M], interpolated linearly between the two
 * nearest ranks (numpy's default, torch.quantile's too). Stays on the device: a top-k of the upper
 * tail holds both ranks.
 */
export function rowPercentile(rows: tf.Tensor2D, percent: number, owner = 'percentile'): tf.Tensor1D {
  if (!(percent >= 0 && percent <= 100))
    throw new Error(`${owner}: percentile must be in [0, 100], got ${percent}`);
  const count = rows.shape[1];
  if (count === 0) throw new Error(`${owner}: cannot take a percentile of an empty map`);
  return tf.tidy(() => {
    const position = (percent / 100) * (count - 1);
    const lowerRank = Math.floor(position);
    const fraction = position - lowerRank;
    // Descending top-k: its last entry is ascending rank `lowerRank`, the one before it the next rank.
    const { values } = tf.topk(rows, count - lowerRank);
    const lower = tf.slice(values, [0, count - lowerRank - 1], [-1, 1]);
    if (fraction === 0) return tf.reshape(lower, [-1]);
    const upper = tf.slice(values, [0, count - lowerRank - 2], [-1, 1]);
    return tf.reshape(tf.add(lower, tf.mul(tf.sub(upper, lower), fraction)), [-1]);
  });
}
