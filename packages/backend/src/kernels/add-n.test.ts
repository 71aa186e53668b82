import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import '../gradients';
import { describeBackends, expectAllClose, seededValues } from '../testing';

describeBackends('addN', () => {
  // webgpu binds every input of one AddN shader to a storage buffer: 7 inputs fit the limit of 8.
  for (const count of [1, 2, 7, 8, 9, 14, 100]) {
    it(`sums ${count} tensors`, async () => {
      const values = Array.from({ length: count }, (_, i) => seededValues(12, i + 1));
      const tensors = values.map((v) => tf.tensor3d(v, [1, 3, 4]));
      const expected = Array.from({ length: 12 }, (_, j) => values.reduce((sum, v) => sum + v[j]!, 0));
      const sum = tf.addN(tensors);
      await expectAllClose(sum, expected, { atol: 1e-5, label: `${count} tensors` });
      tf.dispose([sum, ...tensors]);
    });
  }

  it('keeps no intermediate sums', async () => {
    const tensors = Array.from({ length: 30 }, (_, i) => tf.fill([2, 2], i));
    const before = tf.memory().numTensors;
    const sum = tf.addN(tensors);
    expect(tf.memory().numTensors - before).toBe(1);
    expect(Array.from(await sum.data())).toEqual([435, 435, 435, 435]);
    tf.dispose([sum, ...tensors]);
  });
});
