import { describeBackends } from '@bcos/backend/testing';
import { encodeImage } from '@bcos/layers';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { bcosResnet18 } from './bcos-resnet18';
import { resnet18 } from './resnet18';

const CLASSES = 3;
const STEPS = 6;

type Loss = (targets: tf.Tensor, logits: tf.Tensor) => tf.Scalar;

/** Losses after each of a few Adam steps on one fixed batch, the first before any step. */
async function lossesOnFixedBatch(model: LayersModel, images: tf.Tensor, loss: Loss): Promise<number[]> {
  const targets = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), CLASSES);
  const optimizer = tf.train.adam(0.003);
  const losses: number[] = [];
  for (let step = 0; step <= STEPS; step++) {
    const value = optimizer.minimize(
      () => loss(targets, model.apply(images, { training: true }) as tf.Tensor),
      true,
      model.trainableWeights.map((w) => w.read() as tf.Variable),
    )!;
    losses.push((await value.data())[0]!);
    value.dispose();
  }
  optimizer.dispose();
  targets.dispose();
  return losses;
}

describeBackends('training steps lower the loss on a fixed batch', () => {
  const rgb = (size: number) => tf.randomUniform([4, size, size, 3], 0, 1, 'float32', 7);

  it('LayerNorm ResNet-18 with softmax cross-entropy', async () => {
    const model = resnet18({
      stem: 'cifar',
      norm: 'layer',
      classes: CLASSES,
      inputShape: [16, 16, 3],
      width: 4,
    });
    const images = rgb(16);
    const losses = await lossesOnFixedBatch(model, images, (t, l) => tf.losses.softmaxCrossEntropy(t, l));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[STEPS]!).toBeLessThan(losses[0]! * 0.7);
    tf.dispose(images);
    model.dispose();
  });

  it('B-cos ResNet-18 with binary cross-entropy on one-hot targets', async () => {
    const model = bcosResnet18({ stem: 'cifar', classes: CLASSES, inputShape: [8, 8, 6], width: 4 });
    const images = tf.tidy(() => encodeImage(rgb(8)));
    const losses = await lossesOnFixedBatch(model, images, (t, l) => tf.losses.sigmoidCrossEntropy(t, l));
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[STEPS]!).toBeLessThan(losses[0]! * 0.7);
    tf.dispose(images);
    model.dispose();
  });
});
