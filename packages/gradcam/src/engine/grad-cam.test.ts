import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
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

    it('defaults to the last layer with a 4-D output, upsampling its CAM bilinearly to the input', async () => {
      const model = residualModel();
      const cam = new GradCAM(model);
      expect(cam.layer.name).toBe('head');
      const x = randomImages(2);
      const result = await cam.compute(x);
      expect(result.raw.shape).toEqual([2, 4, 4]);
      expect(result.cams.shape).toEqual([2, 8, 8]);
      const expected = tf.tidy(() => {
        const relu = tf.relu(result.raw);
        const scaled = tf.div(
          tf.sub(relu, tf.min(relu, [1, 2], true)),
          tf.add(tf.max(tf.sub(relu, tf.min(relu, [1, 2], true)), [1, 2], true), 1e-7),
        );
        const up = tf.squeeze(
          tf.image.resizeBilinear(tf.expandDims(scaled, 3) as tf.Tensor4D, [8, 8], false, true),
          [3],
        );
        const shifted = tf.sub(up, tf.min(up, [1, 2], true));
        return tf.div(shifted, tf.add(tf.max(shifted, [1, 2], true), 1e-7));
      });
      await expectAllClose(result.cams, expected, { atol: 1e-6 });
      disposeResult(result);
      tf.dispose([x, expected]);
    });

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
