/** A small B-cos CNN built with tf.sequential trains with model.fit on every backend. */
import { describeBackends } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { layers, type Sequential, sequential } from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { bcosConv2d } from './bcos/bcos-conv2d';
import { bcosDense } from './bcos/bcos-dense';
import { encodeImage } from './encoding/encode-image';
import { logitLayer } from './logit-layer';
import { batchNorm2d } from './norms/batch-norm-2d';
import { positionNorm2d } from './norms/position-norm-2d';

function smallBcosCnn(): Sequential {
  return sequential({
    layers: [
      bcosConv2d({ filters: 8, kernelSize: 3, padding: 'same', inputShape: [8, 8, 6] }),
      batchNorm2d(),
      bcosConv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', maxOut: 2, dilationRate: 1 }),
      positionNorm2d(),
      bcosConv2d({ filters: 8, kernelSize: 3, padding: 'same', dilationRate: 2, b: 1.5 }),
      layers.globalAveragePooling2d({}),
      bcosDense({ units: 2 }),
      logitLayer(),
    ],
  });
}

/** Bright-left vs bright-right images. */
function fixedBatch() {
  return tf.tidy(() => {
    const noise = tf.randomUniform([8, 8, 8, 3], 0, 0.3, 'float32', 9);
    const left = tf.concat([tf.ones([8, 8, 4, 3]), tf.zeros([8, 8, 4, 3])], 2);
    const labels = tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1]);
    const bright = tf.where(tf.equal(tf.reshape(labels, [8, 1, 1, 1]), 0), left, tf.reverse(left, 2));
    const x = encodeImage(tf.clipByValue(tf.add(tf.mul(bright, 0.7), noise), 0, 1));
    return { x, y: tf.oneHot(tf.cast(labels, 'int32'), 2) };
  });
}

/** Seeded kernels (tfjs initialisers draw unseeded), so that every run takes the same path. */
function seedKernels(model: Sequential): void {
  for (const [i, weight] of model.trainableWeights.entries()) {
    if (!weight.name.endsWith('/kernel')) continue;
    const shape = weight.shape as number[];
    const bound = 1 / Math.sqrt(shape.slice(0, -1).reduce((a, b) => a * b, 1));
    weight.write(tf.randomUniform(shape, -bound, bound, 'float32', 100 + i));
  }
}

describeBackends('training a B-cos CNN', () => {
  it('lowers the loss on a fixed batch and updates the moving variance', async () => {
    const model = smallBcosCnn();
    seedKernels(model);
    model.compile({ optimizer: tf.train.adam(0.02), loss: (y, p) => tf.losses.sigmoidCrossEntropy(y, p) });
    const { x, y } = fixedBatch();
    const movingBefore = await model.layers[1]!.getWeights()[1]!.data();
    const history = await model.fit(x, y, { epochs: 5, batchSize: 8, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses.at(-1)!, `losses ${losses.map((l) => l.toFixed(4))}`).toBeLessThan(losses[0]! * 0.7);
    const movingAfter = await model.layers[1]!.getWeights()[1]!.data();
    expect(Array.from(movingAfter)).not.toEqual(Array.from(movingBefore));
    tf.dispose([x, y]);
    model.dispose();
  });
});
