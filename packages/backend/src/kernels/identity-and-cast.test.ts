import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import '../gradients';
import { describeBackends, expectAllClose, expectNoLeaks, seededValues } from '../testing';

describeBackends('Identity and Cast', () => {
  it('a clone keeps its values after the original is disposed, for each dtype', async () => {
    await expectNoLeaks(async () => {
      const values = Array.from(seededValues(12, 5), (v) => v * 10);
      for (const dtype of ['float32', 'int32', 'bool'] as const) {
        const x = tf.tensor(values, [3, 4], dtype);
        const expected = Array.from(await x.data());
        const copy = tf.clone(x);
        const same = tf.cast(x, dtype);
        x.dispose();
        expect(Array.from(await copy.data()), dtype).toEqual(expected);
        expect(Array.from(await same.data()), dtype).toEqual(expected);
        expect([copy.dtype, same.dtype]).toEqual([dtype, dtype]);
        tf.dispose([copy, same]);
      }
    });
  });

  it('casts between dtypes by value (to bool: 1 where x ≠ 0)', async () => {
    await expectNoLeaks(async () => {
      const x = tf.tensor1d([-2.7, -0.5, 0, 0.4, 3.9]);
      const ints = tf.cast(x, 'int32');
      const bools = tf.cast(x, 'bool');
      const back = tf.cast(ints, 'float32');
      expect(Array.from(await ints.data())).toEqual([-2, 0, 0, 0, 3]);
      expect(Array.from(await bools.data())).toEqual([1, 1, 0, 1, 1]);
      expect(back.dtype).toBe('float32');
      await expectAllClose(back, [-2, 0, 0, 0, 3], { atol: 0 });
      tf.dispose([x, ints, bools, back]);
    });
  });

  it('gradients that save their inputs (clones) match a float64 reference', async () => {
    await expectNoLeaks(async () => {
      const values = seededValues(30, 9);
      const x = tf.tensor(values, [5, 6]);
      const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.square(t), tf.relu(t))))(x);
      // d/dx x²·relu(x) = 3x² for x > 0, else 0.
      await expectAllClose(
        grad,
        Array.from(values, (v) => (v > 0 ? 3 * v * v : 0)),
        { atol: 1e-6, rtol: 1e-5 },
      );
      tf.dispose([x, grad]);
    });
  });
});
