import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend';

describe('a full wasm heap', () => {
  it('refuses the tensor that does not fit, and the tensors already there keep their values', async () => {
    await initBackend({ backend: 'wasm' });
    const small = tf.tensor1d([1, 2, 3, 4]);
    // Two tensors of 2.2 GB: the second cannot fit in the wasm heap's 4 GiB.
    const first = tf.fill([5.5e8], 3);
    expect(() => tf.fill([5.5e8], 2)).toThrow(
      /^wasm backend: out of memory: a tensor of 2\.05 GiB does not fit in the wasm heap \(at most 4 GiB; tensors hold 2\.05 GiB\)/,
    );
    expect(Array.from(await tf.slice(first, [0], [4]).data())).toEqual([3, 3, 3, 3]);
    expect(Array.from(await small.data())).toEqual([1, 2, 3, 4]);
    first.dispose();
    expect(Array.from(await tf.add(small, 1).data())).toEqual([2, 3, 4, 5]);
  });
});
