import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { input } from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { CPU_ONLY } from '../test-backends';
import { type DenseCase, fixtureTensor, parityFixture } from '../test-fixture';
import { type BcosDense, bcosDense } from './bcos-dense';

function layerFor(c: DenseCase): BcosDense {
  const layer = bcosDense({ units: c.units, b: c.b, maxOut: c.max_out });
  layer.apply(input({ shape: [c.in_features] }));
  layer.setWeights([fixtureTensor(c.kernel)]);
  return layer;
}

describeBackends('BcosDense parity with B-cos v2', () => {
  for (const c of parityFixture().bcos_dense) {
    it(`forward, input gradient and explanation-mode gradient (b ${c.b}, maxOut ${c.max_out})`, async () => {
      const layer = layerFor(c);
      const [x, upstream] = [fixtureTensor(c.x), fixtureTensor(c.upstream)];
      const weighted = (v: tf.Tensor) => tf.sum(tf.mul(layer.apply(v) as tf.Tensor, upstream));
      await expectAllClose(layer.apply(x) as tf.Tensor, c.y as number[], { label: 'y' });
      await expectAllClose(tf.grad(weighted)(x), c.grad_x as number[], { label: 'grad x' });
      layer.setExplanationMode(true);
      await expectAllClose(tf.grad(weighted)(x), c.grad_x_explanation_mode as number[], {
        label: 'expl grad x',
      });
      tf.dispose([x, upstream]);
      layer.dispose();
    });
  }

  it('maps every leading axis, like tf.layers.dense', async () => {
    const layer = bcosDense({ units: 2, maxOut: 2 });
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 7);
    const y = layer.apply(x) as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 2]);
    const rows = layer.apply(tf.reshape(x, [6, 4])) as tf.Tensor;
    await expectAllClose(y, rows, { label: 'rank 3 vs rows' });
    tf.dispose([x, y, rows]);
    layer.dispose();
  });
});

describeBackends(
  'BcosDense options',
  () => {
    it('creates a kernel [in, units·maxOut] named kernel', () => {
      const layer = bcosDense({ units: 3, maxOut: 2, name: 'fc' });
      layer.apply(input({ shape: [5] }));
      expect(layer.weights.map((w) => [w.name, w.shape])).toEqual([['fc/kernel', [5, 6]]]);
      layer.dispose();
    });

    it.each([
      [{ units: -1 }, /BcosDense 'bad': units must be a positive integer, got -1/],
      [{ units: 2, b: Number.NaN }, /BcosDense 'bad': b must be a finite number ≥ 1/],
      [{ units: 2, maxOut: 1.5 }, /BcosDense 'bad': maxOut must be a positive integer, got 1.5/],
    ])('rejects bad options %#', (options, message) => {
      expect(() => bcosDense({ ...options, name: 'bad' })).toThrow(message);
    });

    it('rejects a scalar or vector input, naming the layer', () => {
      const layer = bcosDense({ units: 2, name: 'head' });
      expect(() => layer.apply(tf.ones([4]))).toThrow(
        /BcosDense 'head': expected an input \[N, \.\.\., features\]/,
      );
    });
  },
  CPU_ONLY,
);

describeBackends('BcosDense explanation mode at a zero input', () => {
  it('has a finite dynamic linear map (the detached norm is off the tape: no 0·∞ through sqrt)', async () => {
    // A centred group norm followed by global average pooling gives exactly zero features.
    const layer = bcosDense({ units: 2, b: 2 });
    layer.apply(input({ shape: [4] }));
    layer.setExplanationMode(true);
    const x = tf.zeros([1, 4]);
    const weights = tf.grad((v: tf.Tensor) => tf.sum(layer.apply(v) as tf.Tensor))(x);
    const values = await weights.data();
    expect(Array.from(values).every(Number.isFinite)).toBe(true);
    tf.dispose([x, weights]);
    layer.dispose();
  });
});
