import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import { encodeImage, explain } from '@bcos/layers';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import type { Stem } from './arguments';
import { bcosResnet18 } from './bcos-resnet18';
import { logitsBeforeBias, withModel } from './test-models';

const RELATIVE = 1e-4;

function encodedImages(size: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => encodeImage(tf.randomUniform([2, size, size, 3], 0, 1, 'float32', seed)));
}

/**
 * Explains `classIndex` (default: the prediction), checks Σ W(x)·x = logit − bias per image, and
 * returns W(x).
 */
async function explainedWeights(
  model: LayersModel,
  images: tf.Tensor4D,
  classIndex?: number,
): Promise<tf.Tensor4D> {
  const explanation = await explain(model, images, classIndex === undefined ? {} : { classIndex });
  const linear = tf.sum(explanation.contributions, [1, 2]);
  const unbiased = logitsBeforeBias(model, images);
  const values = await unbiased.array();
  const expected = explanation.classIndex.map((c, i) => values[i]![c]!);
  await expectAllClose(linear, expected, {
    rtol: RELATIVE,
    atol: 0,
    label: `Σ W(x)·x, classes ${explanation.classIndex}`,
  });
  tf.dispose([linear, unbiased, explanation.logits, explanation.contributions, explanation.rgba]);
  return explanation.weights;
}

function bcosModel(stem: Stem, classes: number, size: number): () => LayersModel {
  return () => bcosResnet18({ stem, classes, inputShape: [size, size, 6], width: 4 });
}

describeBackends('B-cos ResNet-18 explanations', () => {
  it('ImageNet stem: Σ W(x)·x equals the predicted logit minus the bias', () =>
    withModel(bcosModel('imagenet', 5, 32), async (model) => {
      const images = encodedImages(32, 11);
      const weights = await explainedWeights(model, images);
      expect(weights.shape).toEqual([2, 32, 32, 6]);
      tf.dispose([weights, images]);
    }));

  it('CIFAR stem, binary task (CelebA): two logits, bias 0, each class explained on its own', () =>
    withModel(bcosModel('cifar', 2, 8), async (model) => {
      const images = encodedImages(8, 12);
      const [logits, unbiased] = [model.predict(images) as tf.Tensor, logitsBeforeBias(model, images)];
      await expectAllClose(logits, unbiased, { atol: 0, rtol: 0, label: 'logits with bias −log(2 − 1)' });
      const [first, second] = [
        await explainedWeights(model, images, 0),
        await explainedWeights(model, images, 1),
      ];
      const difference = tf.max(tf.abs(tf.sub(first, second)));
      expect((await difference.data())[0]).toBeGreaterThan(0);
      tf.dispose([logits, unbiased, first, second, difference, images]);
    }));
});
