import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from './rng';
import type { Transform } from './transform';

/**
 * Applies branches[k] to the images whose choice is k (−1: left as they are) and puts every image
 * back in its place: each branch sees only its own sub-batch, so per-image choices cost no more
 * than the work done.
 */
export function applyBySubset(
  name: string,
  batch: tf.Tensor4D,
  choices: readonly number[],
  branches: readonly Transform[],
  rng: Rng,
): tf.Tensor4D {
  const parts: tf.Tensor4D[] = [];
  const order: number[] = [];
  const take = (indices: number[]) => tf.gather(batch, tf.tensor1d(indices, 'int32')) as tf.Tensor4D;
  branches.forEach((branch, k) => {
    const indices = indicesOf(choices, k);
    if (indices.length === 0) return;
    parts.push(branch.apply(take(indices), rng));
    order.push(...indices);
  });
  const untouched = indicesOf(choices, -1);
  if (untouched.length > 0) {
    parts.push(take(untouched));
    order.push(...untouched);
  }
  checkSameKind(name, parts);
  const merged = parts.length === 1 ? parts[0]! : tf.concat(parts, 0);
  const positions = new Array<number>(order.length);
  order.forEach((image, position) => {
    positions[image] = position;
  });
  return tf.gather(merged, tf.tensor1d(positions, 'int32'));
}

function indicesOf(choices: readonly number[], value: number): number[] {
  const indices: number[] = [];
  choices.forEach((choice, i) => {
    if (choice === value) indices.push(i);
  });
  return indices;
}

function checkSameKind(name: string, parts: tf.Tensor4D[]): void {
  const describe = (t: tf.Tensor4D) => `${t.dtype} [${t.shape.slice(1).join(', ')}]`;
  const kinds = new Set(parts.map(describe));
  if (kinds.size > 1) {
    throw new Error(
      `${name}: images that take different branches came out different (${[...kinds].join(' vs ')}); every branch, and skipping, must give the same shape and dtype`,
    );
  }
}
