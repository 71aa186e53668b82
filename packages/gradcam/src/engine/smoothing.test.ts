import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { it } from 'vitest';
import { randomImages, residualModel } from '../test-models';
import { GradCAM } from './grad-cam';

describeBackends(
  'augSmooth and eigenSmooth',
  () => {
    it('augSmooth averages the CAMs of flipped × brightness-scaled images mapped back, for the original class', async () => {
      const model = residualModel();
      const cam = new GradCAM(model, { layer: 'head' });
      const x = randomImages(2);
      const predicted = tf.tidy(() => tf.argMax(model.predict(x) as tf.Tensor, 1));
      const targets = Array.from(await predicted.data());
      const views: tf.Tensor[] = [];
      for (const flip of [false, true]) {
        for (const factor of [0.9, 1, 1.1]) {
          const augmented = tf.tidy(() => tf.mul(flip ? tf.reverse(x, 2) : x, factor) as tf.Tensor4D);
          const result = await cam.compute(augmented, { targets });
          views.push(flip ? tf.reverse(result.cams, 2) : tf.clone(result.cams));
          tf.dispose([augmented, result.cams, result.raw, result.logits]);
        }
      }
      const expected = tf.tidy(() => tf.div(tf.addN(views), views.length));
      await expectNoLeaks(async () => {
        const smoothed = await cam.compute(x, { augSmooth: true });
        await expectAllClose(smoothed.cams, expected, { atol: 1e-5 });
        tf.dispose([smoothed.cams, smoothed.raw, smoothed.logits]);
      });
      tf.dispose([x, predicted, expected, ...views]);
    });

    it('eigenSmooth projects the weighted activations: HiResCAM smoothed is Eigen-Grad-CAM', async () => {
      const model = residualModel();
      const x = randomImages(2);
      const smoothed = await new GradCAM(model, { layer: 'inner', method: 'hirescam' }).compute(x, {
        eigenSmooth: true,
      });
      const eigenGrad = await new GradCAM(model, { layer: 'inner', method: 'eigengradcam' }).compute(x);
      await expectAllClose(smoothed.raw, eigenGrad.raw, { atol: 1e-6 });
      tf.dispose([
        x,
        smoothed.cams,
        smoothed.raw,
        smoothed.logits,
        eigenGrad.cams,
        eigenGrad.raw,
        eigenGrad.logits,
      ]);
    });
  },
  { backends: ['cpu'] },
);
