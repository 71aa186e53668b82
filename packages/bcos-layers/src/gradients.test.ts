/** Every layer's gradients (input and weights) against finite differences, on every backend. */
import { describeBackends } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { it } from 'vitest';
import { bcosConv2dOp } from './bcos/bcos-conv2d-op';
import { bcosDenseOp } from './bcos/bcos-dense-op';
import type { ConvGeometry } from './bcos/conv-geometry';
import { encodeImage } from './encoding/encode-image';
import { logitLayer } from './logit-layer';
import { batchNorm2d } from './norms/batch-norm-2d';
import { groupNorm2d, layerNorm2d } from './norms/group-norm-2d';
import { positionNorm2d } from './norms/position-norm-2d';
import {
  expectGradientMatchesFiniteDifference,
  expectVariableGradientMatchesFiniteDifference,
} from './test-gradient-check';

const CONV_CASES: Array<[string, Partial<ConvGeometry>, { b: number; maxOut: number }]> = [
  ['b 2, same', { padding: 'same' }, { b: 2, maxOut: 1 }],
  ['b 1.25, stride 2, maxOut 2', { strides: [2, 2], padding: 'same' }, { b: 1.25, maxOut: 2 }],
  ['b 2.5, dilation 2, valid', { dilationRate: [2, 2] }, { b: 2.5, maxOut: 1 }],
  ['b 1, 3×1 kernel', { kernelSize: [3, 1], padding: 'same' }, { b: 1, maxOut: 1 }],
];

function weighted(y: tf.Tensor, seed: number): tf.Scalar {
  return tf.sum(tf.mul(y, tf.randomNormal(y.shape, 0, 1, 'float32', seed)));
}

describeBackends('gradients against finite differences', () => {
  const x = tf.randomUniform([2, 7, 7, 4], -1, 1, 'float32', 11);

  for (const [name, geometryPart, bcos] of CONV_CASES) {
    it(`bcosConv2d ${name}: input and kernel`, async () => {
      const geometry: ConvGeometry = {
        kernelSize: [3, 3],
        strides: [1, 1],
        padding: 'valid',
        dilationRate: [1, 1],
        ...geometryPart,
      };
      const kernel = tf.randomNormal([...geometry.kernelSize, 4, 3 * bcos.maxOut], 0, 1, 'float32', 12);
      const transform = { ...bcos, detach: false };
      const conv = (input: tf.Tensor, k: tf.Tensor) =>
        weighted(bcosConv2dOp(input as tf.Tensor4D, k as tf.Tensor4D, geometry, transform), 13);
      await expectGradientMatchesFiniteDifference((v) => conv(v, kernel), x, { label: 'input' });
      await expectGradientMatchesFiniteDifference((k) => conv(x, k), kernel, { label: 'kernel' });
    });
  }

  it('bcosDense b 1.5 maxOut 2: input and kernel', async () => {
    const rows = tf.randomNormal([3, 5], 0, 1, 'float32', 14);
    const kernel = tf.randomNormal([5, 4], 0, 1, 'float32', 15);
    const dense = (v: tf.Tensor, k: tf.Tensor) =>
      weighted(bcosDenseOp(v, k as tf.Tensor2D, { b: 1.5, maxOut: 2, detach: false }), 16);
    await expectGradientMatchesFiniteDifference((v) => dense(v, kernel), rows, { label: 'input' });
    await expectGradientMatchesFiniteDifference((k) => dense(rows, k), kernel, { label: 'kernel' });
  });

  const norms = {
    'batchNorm2d (training)': () => batchNorm2d({ centered: true, bias: true }),
    'layerNorm2d uncentered': () => layerNorm2d(),
    'groupNorm2d centered': () => groupNorm2d({ groups: 2, centered: true }),
    'positionNorm2d uncentered': () => positionNorm2d(),
  };
  for (const [name, make] of Object.entries(norms)) {
    it(`${name}: input, gamma and beta`, async () => {
      const norm = make();
      norm.apply(x, { training: true });
      const loss = (v: tf.Tensor) => weighted(norm.apply(v, { training: true }) as tf.Tensor, 17);
      await expectGradientMatchesFiniteDifference(loss, x, { label: 'input' });
      for (const weight of norm.trainableWeights) {
        const variable = weight.read() as tf.Variable;
        await expectVariableGradientMatchesFiniteDifference(() => loss(x), variable, { label: weight.name });
      }
    });
  }

  it('logitLayer and encodeImage', async () => {
    const logits = tf.randomNormal([2, 4], 0, 1, 'float32', 19);
    const layer = logitLayer({ temperature: 3 });
    await expectGradientMatchesFiniteDifference((v) => weighted(layer.apply(v) as tf.Tensor, 20), logits);
    const images = tf.randomUniform([1, 3, 3, 3], 0, 1, 'float32', 21);
    await expectGradientMatchesFiniteDifference((v) => weighted(encodeImage(v), 22), images);
  });
});
