import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import '../gradients';
import { describeBackends, expectNoLeaks } from '../testing';

describeBackends('oneHot', () => {
  it('honours the requested dtype and on/off values', async () => {
    await expectNoLeaks(async () => {
      const indices = tf.tensor1d([0, 2, 1], 'int32');
      const float = tf.oneHot(indices, 3, 0.75, -0.25, 'float32');
      const int = tf.oneHot(indices, 3);
      expect(float.dtype).toBe('float32');
      expect(Array.from(await float.data())).toEqual([
        0.75, -0.25, -0.25, -0.25, -0.25, 0.75, -0.25, 0.75, -0.25,
      ]);
      expect(int.dtype).toBe('int32');
      expect(Array.from(await int.data())).toEqual([1, 0, 0, 0, 0, 1, 0, 1, 0]);
      tf.dispose([indices, float, int]);
    });
  });

  it('gives an all-off row for an index out of range, and keeps the indices shape', async () => {
    const indices = tf.tensor2d([[-1, 3]], [1, 2], 'int32');
    const encoded = tf.oneHot(indices, 3, 1, 0, 'float32');
    expect(encoded.shape).toEqual([1, 2, 3]);
    expect(Array.from(await encoded.data())).toEqual([0, 0, 0, 0, 0, 0]);
    tf.dispose([indices, encoded]);
  });
});
