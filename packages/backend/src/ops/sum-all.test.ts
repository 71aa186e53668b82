import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { describeBackends, expectAllClose, expectNoLeaks, seededValues } from '../testing';
import { sumAll } from './sum-all';

/** 23 tensors (four levels of seven-input dispatches on webgpu): scalars, an empty one, 70,000 values. */
const SIZES = [1, 5, 0, 300, 4097, 70_000, 64, 3, ...Array.from({ length: 15 }, (_, i) => 17 * i + 1)];

describeBackends('sumAll', () => {
  it('sums every element of many tensors (float64 reference)', async () => {
    const values = SIZES.map((n, i) => seededValues(n, i + 1));
    const tensors = values.map((v, i) => (SIZES[i] === 1 ? tf.scalar(v[0]!) : tf.tensor1d(v)));
    const expected = values.reduce((total, v) => total + v.reduce((a, b) => a + b, 0), 0);
    const total = await expectNoLeaks(async () => {
      const sum = sumAll(tensors);
      const [value] = await sum.data();
      sum.dispose();
      return value!;
    });
    await expectAllClose([total], [expected], { atol: 1e-3, rtol: 1e-5, label: 'Σ' });
    tf.dispose(tensors);
  });

  it('is NaN when any value is NaN or infinite, as the training guard needs', async () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const tensors = SIZES.filter((n) => n > 0).map((n) => tf.fill([n], 0.5));
      tensors[5]!.dispose();
      tensors[5] = tf.tensor1d(Float32Array.from({ length: 70_000 }, (_, j) => (j === 69_999 ? bad : 1)));
      const flag = tf.mul(sumAll(tensors), 0);
      expect(Number.isNaN((await flag.data())[0])).toBe(true);
      tf.dispose([...tensors, flag]);
    }
  });
});
