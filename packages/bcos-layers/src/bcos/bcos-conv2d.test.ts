import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { input } from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { CPU_ONLY } from '../test-backends';
import { type ConvCase, fixtureShape, fixtureTensor, parityFixture } from '../test-fixture';
import { type BcosConv2d, bcosConv2d } from './bcos-conv2d';
import { bcosConv2dOp } from './bcos-conv2d-op';
import type { ConvGeometry } from './conv-geometry';

function layerFor(c: ConvCase): BcosConv2d {
  const layer = bcosConv2d({
    filters: c.filters,
    kernelSize: c.kernel_size,
    strides: c.strides,
    padding: c.padding,
    b: c.b,
    maxOut: c.max_out,
  });
  layer.apply(input({ shape: fixtureShape(c.x).slice(1) }));
  layer.setWeights([fixtureTensor(c.kernel)]);
  return layer;
}

/** Σ y·upstream, whose input gradient is the vector-Jacobian product the reference stores. */
function weighted(layer: BcosConv2d, upstream: tf.Tensor) {
  return (x: tf.Tensor) => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, upstream));
}

const label = (c: ConvCase) => `b ${c.b}, stride ${c.strides}, maxOut ${c.max_out}, k ${c.kernel_size}`;

describeBackends('BcosConv2d parity with B-cos v2', () => {
  for (const c of parityFixture().bcos_conv2d) {
    it(`forward, gradients and explanation-mode gradient (${label(c)})`, async () => {
      const layer = layerFor(c);
      const [x, upstream, kernel] = [fixtureTensor(c.x), fixtureTensor(c.upstream), fixtureTensor(c.kernel)];
      await expectAllClose(layer.apply(x) as tf.Tensor, c.y as number[], { label: 'y' });
      await expectAllClose(tf.grad(weighted(layer, upstream))(x), c.grad_x as number[], { label: 'grad x' });

      const transform = { b: c.b, maxOut: c.max_out, detach: false };
      const geometry = layer.geometry;
      const kernelGrad = tf.grad((k: tf.Tensor) =>
        tf.sum(tf.mul(bcosConv2dOp(x as tf.Tensor4D, k as tf.Tensor4D, geometry, transform), upstream)),
      )(kernel);
      await expectAllClose(kernelGrad, c.grad_kernel as number[], { label: 'grad kernel' });

      layer.setExplanationMode(true);
      const explained = tf.grad(weighted(layer, upstream))(x);
      await expectAllClose(explained, c.grad_x_explanation_mode as number[], { label: 'explanation grad x' });
      tf.dispose([x, upstream, kernel]);
      layer.dispose();
    });
  }

  it('dilationRate [2, 3] equals the dilated convolution written with tfjs (forward only there)', async () => {
    const x = tf.randomNormal([1, 9, 8, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const kernel = tf.randomNormal([3, 2, 3, 4], 0, 1, 'float32', 3) as tf.Tensor4D;
    const geometry: ConvGeometry = {
      kernelSize: [3, 2],
      strides: [1, 1],
      padding: 'same',
      dilationRate: [2, 3],
    };
    const unit = tf.div(kernel, tf.sqrt(tf.sum(tf.square(kernel), [0, 1, 2], true))) as tf.Tensor4D;
    const linear = tf.conv2d(x, unit, 1, 'same', 'NHWC', [2, 3]);
    const sums = tf.conv2d(
      tf.sum(tf.square(x), 3, true) as tf.Tensor4D,
      tf.ones([3, 2, 1, 1]),
      1,
      'same',
      'NHWC',
      [2, 3],
    );
    const expected = tf.div(tf.mul(linear, tf.abs(linear)), tf.sqrt(tf.add(sums, 1e-6)));
    const y = bcosConv2dOp(x, kernel, geometry, { b: 2, maxOut: 1, detach: false });
    await expectAllClose(y, expected, { label: 'dilated B-cos conv' });
  });

  it('leaves no tensors behind in forward and backward', async () => {
    const c = parityFixture().bcos_conv2d[1]!;
    const layer = layerFor(c);
    const [x, upstream] = [fixtureTensor(c.x), fixtureTensor(c.upstream)];
    await expectNoLeaks(async () => {
      const y = layer.apply(x) as tf.Tensor;
      const g = tf.grad(weighted(layer, upstream))(x);
      await g.data();
      tf.dispose([y, g]);
    });
    tf.dispose([x, upstream]);
  });
});

describeBackends(
  'BcosConv2d options',
  () => {
    it('computes the output shape as tfjs does for same and valid padding', () => {
      const same = bcosConv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same' });
      expect(same.computeOutputShape([null, 9, 8, 6])).toEqual([null, 5, 4, 4]);
      const valid = bcosConv2d({ filters: 4, kernelSize: [3, 1], dilationRate: 2, padding: 'valid' });
      expect(valid.computeOutputShape([2, 9, 8, 6])).toEqual([2, 5, 8, 4]);
    });

    it('creates a kernel [kh, kw, in, filters·maxOut] named kernel', () => {
      const layer = bcosConv2d({ filters: 3, kernelSize: 3, maxOut: 2, name: 'conv1' });
      layer.apply(input({ shape: [5, 5, 6] }));
      expect(layer.weights.map((w) => [w.name, w.shape])).toEqual([['conv1/kernel', [3, 3, 6, 6]]]);
      layer.dispose();
    });

    it.each([
      [{ filters: 0, kernelSize: 3 }, /BcosConv2d 'bad': filters must be a positive integer, got 0/],
      [{ filters: 2, kernelSize: 3, b: 0.5 }, /BcosConv2d 'bad': b must be a finite number ≥ 1, got 0.5/],
      [{ filters: 2, kernelSize: 3, maxOut: 0 }, /BcosConv2d 'bad': maxOut must be a positive integer/],
      [
        { filters: 2, kernelSize: [3, 3, 3] as never },
        /BcosConv2d 'bad': kernelSize must be a number or a pair/,
      ],
      [{ filters: 2, kernelSize: 3, padding: 'causal' as never }, /BcosConv2d 'bad': padding must be one of/],
      [{ filters: 2, kernelSize: 3, strides: 1.5 }, /BcosConv2d 'bad': strides must be a positive integer/],
    ])('rejects bad options %#', (options, message) => {
      expect(() => bcosConv2d({ ...options, name: 'bad' })).toThrow(message);
    });

    it('rejects a kernel whose filters MaxOut cannot group', () => {
      const geometry: ConvGeometry = {
        kernelSize: [1, 1],
        strides: [1, 1],
        padding: 'valid',
        dilationRate: [1, 1],
      };
      const [x, kernel] = [tf.ones([1, 2, 2, 3]) as tf.Tensor4D, tf.ones([1, 1, 3, 5]) as tf.Tensor4D];
      expect(() =>
        bcosConv2dOp(x, kernel, geometry, { b: 2, maxOut: 2, detach: false }, "BcosConv2d 'c'"),
      ).toThrow(/BcosConv2d 'c': maxOut 2 does not divide the 5 channels of its linear part/);
    });

    it('rejects an input that is not 4D, naming the layer', () => {
      const layer = bcosConv2d({ filters: 2, kernelSize: 3, name: 'flat' });
      expect(() => layer.build([null, 5, 6])).toThrow(
        /BcosConv2d 'flat': expected a 4D input \[N, H, W, C\]/,
      );
      layer.build([null, 5, 5, 3]);
      expect(() => layer.apply(tf.zeros([5, 5, 3]))).toThrow(/BcosConv2d 'flat'/);
    });
  },
  CPU_ONLY,
);
