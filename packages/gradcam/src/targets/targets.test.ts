import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { GradCAM } from '../engine/grad-cam';
import { batchNormModel, randomImages, residualModel } from '../test-models';
import { classifierOutputSoftmaxTarget, classifierOutputTarget } from './target-functions';
import type { CamTargets } from './targets';

async function rawCam(cam: GradCAM, x: tf.Tensor4D, targets?: CamTargets) {
  const result = await cam.compute(x, { targets });
  tf.dispose([result.cams, result.logits]);
  return result.raw;
}

describeBackends(
  'targets',
  () => {
    it('scores a class index, one for all, a function or a function per image alike', async () => {
      const cam = new GradCAM(residualModel(), { layer: 'inner' });
      const x = randomImages(2);
      const byIndex = await rawCam(cam, x, [1, 2]);
      const byFunction = await rawCam(cam, x, [classifierOutputTarget(1), classifierOutputTarget(2)]);
      await expectAllClose(byFunction, byIndex, { atol: 1e-6 });
      const allOne = await rawCam(cam, x, 1);
      const sharedFunction = await rawCam(cam, x, classifierOutputTarget(1));
      await expectAllClose(sharedFunction, allOne, { atol: 1e-6 });
      const softmax = await rawCam(cam, x, classifierOutputSoftmaxTarget(1));
      expect(softmax.shape).toEqual([2, 8, 8]);
      tf.dispose([x, byIndex, byFunction, allOne, sharedFunction, softmax]);
    });

    it('defaults to the predicted class', async () => {
      const model = residualModel();
      const cam = new GradCAM(model, { layer: 'inner' });
      const x = randomImages(4);
      const predicted = tf.argMax(model.predict(x) as tf.Tensor, 1);
      const byDefault = await rawCam(cam, x);
      const explicit = await rawCam(cam, x, Array.from(await predicted.data()));
      await expectAllClose(byDefault, explicit, { atol: 1e-6 });
      tf.dispose([x, predicted, byDefault, explicit]);
    });

    it('explains both classes of a binary sigmoid model: p and 1 − p have opposite gradients', async () => {
      const model = batchNormModel(1, 'sigmoid');
      const cam = new GradCAM(model, { layer: 'relu', method: 'hirescam' });
      const x = randomImages(3);
      const positive = await rawCam(cam, x, 1);
      const negative = await rawCam(cam, x, 0);
      const negated = tf.neg(positive);
      await expectAllClose(negative, negated, { atol: 1e-6 });
      const output = model.predict(x) as tf.Tensor;
      const probabilities = await output.data();
      const predicted = Array.from(probabilities, (p) => (p > 0.5 ? 1 : 0));
      const byDefault = await rawCam(cam, x);
      const explicit = await rawCam(cam, x, predicted);
      await expectAllClose(byDefault, explicit, { atol: 1e-6 });
      tf.dispose([x, positive, negative, negated, output, byDefault, explicit]);
    });

    it('rejects targets out of range, of the wrong count, mixed, or functions of the wrong shape', async () => {
      const cam = new GradCAM(residualModel(), { layer: 'inner' });
      const binary = new GradCAM(batchNormModel(1, 'sigmoid'));
      const x = randomImages(2);
      await expect(cam.compute(x, { targets: 3 })).rejects.toThrow(
        /targets: class 3 for image 0 is out of range for a model with 3 outputs/,
      );
      await expect(cam.compute(x, { targets: [0, -1] })).rejects.toThrow(/targets: class -1 for image 1/);
      await expect(binary.compute(x, { targets: 2 })).rejects.toThrow(/binary: 0 or 1/);
      await expect(cam.compute(x, { targets: [0] })).rejects.toThrow(/targets: got 1 targets for 2 images/);
      await expect(
        cam.compute(x, { targets: [0, classifierOutputTarget(1)] as unknown as CamTargets }),
      ).rejects.toThrow(/all class indices or all functions/);
      await expect(
        cam.compute(x, { targets: (o) => tf.sum(o, 1, true) as unknown as tf.Tensor1D }),
      ).rejects.toThrow(/returned shape \[2,1\] for 2 outputs/);
      await expect(cam.compute(x, { targets: classifierOutputTarget(7) })).rejects.toThrow(
        /class 7 is out of range/,
      );
      x.dispose();
    });
  },
  { backends: ['cpu'] },
);
