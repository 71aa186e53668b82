import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  describeBackends,
  describeWithSystemPart,
  expectAllClose,
  expectNoLeaks,
} from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import {
  batchNormModel,
  nestedResidualModel,
  type ResidualParts,
  randomImages,
  residualModel,
  residualParts,
} from '../test-models';
import { GradCAM } from './grad-cam';
import { gradcam } from './gradcam';

const INFERENCE = { training: false };

/** Grad-CAM of `parts.inner` computed by hand: the network split at the layer, tf.grad of the head. */
function handGradCam(parts: ResidualParts, x: tf.Tensor4D, targets: number[]): tf.Tensor3D {
  return tf.tidy(() => {
    const stem = parts.stemRelu.apply(parts.stem.apply(x, INFERENCE), INFERENCE) as tf.Tensor4D;
    const activations = parts.inner.apply(stem, INFERENCE) as tf.Tensor4D;
    const headFrom = (a: tf.Tensor) => {
      const block = parts.blockRelu.apply(parts.add.apply([stem, a], INFERENCE), INFERENCE);
      return parts.fc.apply(
        parts.pool.apply(parts.head.apply(block, INFERENCE), INFERENCE),
        INFERENCE,
      ) as tf.Tensor2D;
    };
    const score = (a: tf.Tensor) => tf.sum(tf.mul(headFrom(a), tf.oneHot(targets, 3)));
    const gradients = tf.grad(score)(activations);
    return tf.sum(tf.mul(activations, tf.mean(gradients, [1, 2], true)), 3) as tf.Tensor3D;
  });
}

function disposeResult(result: { cams: tf.Tensor; raw: tf.Tensor; logits: tf.Tensor }): void {
  tf.dispose([result.cams, result.raw, result.logits]);
}

describeBackends(
  'GradCAM engine',
  () => {
    it('explains a layer bypassed by a skip connection as tf.grad on the split model, flat or nested', async () => {
      const parts = residualParts();
      const x = randomImages(2);
      const targets = [2, 0];
      const expected = handGradCam(parts, x, targets);
      for (const model of [residualModel(parts), nestedResidualModel(parts)]) {
        const result = await gradcam(model, x, { layer: 'inner', targets });
        await expectAllClose(result.raw, expected, { atol: 1e-5, label: model.name });
        disposeResult(result);
      }
      tf.dispose([x, expected]);
    });

    it('runs batch norm on its moving statistics and leaves the model unchanged', async () => {
      const model = batchNormModel();
      const x = randomImages(3);
      const before = model.predict(x) as tf.Tensor;
      const weightsBefore = await Promise.all(model.getWeights().map((w) => w.data()));
      const bn = model.getLayer('bn');
      const expected = tf.tidy(() => {
        const normalised = bn.apply(model.getLayer('conv').apply(x, INFERENCE), INFERENCE) as tf.Tensor4D;
        const rest = (a: tf.Tensor) =>
          model
            .getLayer('fc')
            .apply(model.getLayer('pool').apply(model.getLayer('relu').apply(a))) as tf.Tensor2D;
        const gradients = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(rest(a), tf.oneHot([1, 1, 1], 3))))(
          normalised,
        );
        return tf.sum(tf.mul(normalised, gradients), 3);
      });
      const result = await gradcam(model, x, { layer: 'bn', method: 'hirescam', targets: 1 });
      await expectAllClose(result.raw, expected, { atol: 1e-5 });
      const after = model.predict(x) as tf.Tensor;
      await expectAllClose(after, before, { atol: 0, rtol: 0, label: 'predictions' });
      const weightsAfter = await Promise.all(model.getWeights().map((w) => w.data()));
      expect(weightsAfter.map((w) => Array.from(w))).toEqual(weightsBefore.map((w) => Array.from(w)));
      expect(bn.inboundNodes.length).toBe(1);
      disposeResult(result);
      tf.dispose([x, before, after, expected]);
    });

    for (const method of ['gradcam', 'eigencam', 'scorecam'] as const) {
      it(`${method}: a batch of N equals N single-image calls, without leaks on repeated use`, async () => {
        const model = residualModel();
        const x = randomImages(3);
        const cam = new GradCAM(model, { method, layer: 'inner' });
        const batch = await cam.compute(x);
        for (let i = 0; i < 3; i++) {
          const single = tf.slice(x, [i, 0, 0, 0], [1, -1, -1, -1]);
          const expected = tf.slice(batch.cams, [i, 0, 0], [1, -1, -1]);
          await expectNoLeaks(async () => {
            const result = await cam.compute(single);
            await expectAllClose(result.cams, expected, { atol: 1e-5 });
            disposeResult(result);
          });
          tf.dispose([single, expected]);
        }
        disposeResult(batch);
        cam.dispose();
        x.dispose();
      });
    }

    it('accepts the Layer object and rejects a use after dispose', async () => {
      const parts = residualParts();
      const model: tfl.LayersModel = residualModel(parts);
      const cam = new GradCAM(model, { layer: parts.inner });
      expect(cam.layer).toBe(parts.inner);
      cam.dispose();
      const x = randomImages(1);
      await expect(cam.compute(x)).rejects.toThrow(/after dispose/);
      x.dispose();
    });
  },
  { backends: ['cpu', 'wasm'] },
);

/** pytorch-grad-cam's own outputs on a small ResNet-like net (see its README-gradcam-extended.md). */
const EXTENDED_FIXTURE = fileURLToPath(
  new URL('../../../../../shared/fixtures/parity/gradcam-extended-reference.json', import.meta.url),
);

interface ExtendedFixture {
  weights: Record<string, number[]>;
  bn_epsilon: number;
  x: number[][][][];
  cams: Record<string, { targets: { categories: number[] }; cam: number[][][]; layer_cam: number[][][] }>;
}

/** The fixture's net: conv1 → bn1 → ReLU → residual block → conv3 (stride 2, pad 1) → relu3 → GAP → fc. */
function extendedFixtureModel({ weights, bn_epsilon: epsilon }: ExtendedFixture): tfl.LayersModel {
  const L = tfl.layers;
  const set = (layer: tfl.layers.Layer, names: string[]) =>
    layer.setWeights(names.map((name) => tf.tensor(weights[name]!)));
  const conv = (name: string, filters: number, useBias: boolean, strides = 1) =>
    L.conv2d({ name, filters, kernelSize: 3, strides, padding: strides === 1 ? 'same' : 'valid', useBias });
  const bn = (name: string) => L.batchNormalization({ name, epsilon });
  const x = tfl.input({ shape: [16, 16, 3] });
  const apply = (layer: tfl.layers.Layer, input: tfl.SymbolicTensor | tfl.SymbolicTensor[]) =>
    layer.apply(input) as tfl.SymbolicTensor;
  const layers = {
    conv1: conv('conv1', 8, true),
    bn1: bn('bn1'),
    block_conv1: conv('block_conv1', 8, false),
    block_bn1: bn('block_bn1'),
    block_conv2: conv('block_conv2', 8, false),
    block_bn2: bn('block_bn2'),
    conv3: conv('conv3', 12, true, 2),
    fc: L.dense({ name: 'fc', units: 5 }),
  };
  const stem = apply(L.reLU(), apply(layers.bn1, apply(layers.conv1, x)));
  const inner = apply(L.reLU(), apply(layers.block_bn1, apply(layers.block_conv1, stem)));
  const residual = apply(layers.block_bn2, apply(layers.block_conv2, inner));
  const block = apply(L.reLU({ name: 'block' }), apply(L.add(), [stem, residual]));
  const padded = apply(
    L.zeroPadding2d({
      padding: [
        [1, 1],
        [1, 1],
      ],
    }),
    block,
  );
  const relu3 = apply(L.reLU({ name: 'relu3' }), apply(layers.conv3, padded));
  const logits = apply(layers.fc, apply(L.globalAveragePooling2d({}), relu3));
  const model = tfl.model({ inputs: x, outputs: logits });
  for (const [name, layer] of Object.entries(layers)) {
    const own = name.includes('bn')
      ? ['gamma', 'beta', 'moving_mean', 'moving_variance']
      : layer === layers.block_conv1 || layer === layers.block_conv2
        ? ['kernel']
        : ['kernel', 'bias'];
    set(
      layer,
      own.map((weight) => `${name}_${weight}`),
    );
  }
  return model;
}

describeWithSystemPart(
  'GradCAM engine against pytorch-grad-cam (../shared extended fixture)',
  () => (existsSync(EXTENDED_FIXTURE) ? undefined : `${EXTENDED_FIXTURE} is absent`),
  () => {
    describeBackends(
      'GradCAM engine, resized',
      () => {
        it('defaults to the last layer with a 4-D output and upsamples its 8×8 CAM to the 16×16 input as pytorch-grad-cam', async () => {
          const fixture = (
            JSON.parse(readFileSync(EXTENDED_FIXTURE, 'utf8')) as { gradcam_extended: ExtendedFixture }
          ).gradcam_extended;
          const reference = fixture.cams['A/GradCAM']!;
          const model = extendedFixtureModel(fixture);
          const cam = new GradCAM(model);
          expect(cam.layer.name).toBe('relu3');
          const x = tf.tensor4d(fixture.x);
          const result = await cam.compute(x, { targets: reference.targets.categories });
          await expectAllClose(result.raw, reference.layer_cam, { atol: 1e-5, label: 'layer CAM' });
          await expectAllClose(result.cams, reference.cam, { atol: 1e-5, label: 'resized CAM' });
          disposeResult(result);
          x.dispose();
          model.dispose();
        });
      },
      { backends: ['cpu', 'wasm'] },
    );
  },
);
