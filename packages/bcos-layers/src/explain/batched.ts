import * as tf from '@tensorflow/tfjs-core';

/**
 * Functions here take one item of rank `rank` or a batch (rank + 1): `asBatch` adds the batch axis
 * to a single item, `likeInput` removes it from the result again.
 */
export function asBatch(
  owner: string,
  argument: string,
  x: tf.Tensor,
  rank: number,
  layout: string,
): tf.Tensor {
  if (x.rank !== rank && x.rank !== rank + 1) {
    throw new Error(`${owner}: ${argument} must be ${layout} or a batch of them, got shape [${x.shape}]`);
  }
  return x.rank === rank ? tf.expandDims(x, 0) : x;
}

export function likeInput(result: tf.Tensor, input: tf.Tensor, rank: number): tf.Tensor {
  return input.rank === rank ? tf.squeeze(result, [0]) : result;
}
