import { describeBackends } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { finiteDifferenceCheck } from '../scripts/finite-difference-check';
import { asCamModel } from '../src/model/as-cam-model';

/**
 * A ReLU conv whose second channel is all zeros (bias −1, no weights), max-pooled: every pooling
 * window of that channel is a tie among zeros, and the gradient flows to one of them.
 */
function tiedZerosModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [6, 6, 2] });
  const features = tfl.layers
    .conv2d({
      name: 'features',
      filters: 2,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tfl.initializers.randomUniform({ minval: 0, maxval: 1, seed: 3 }),
    })
    .apply(input) as tfl.SymbolicTensor;
  const pooled = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(features) as tfl.SymbolicTensor;
  const flat = tfl.layers.flatten().apply(pooled) as tfl.SymbolicTensor;
  const output = tfl.layers
    .dense({ units: 2, kernelInitializer: tfl.initializers.ones() })
    .apply(flat) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  const conv = model.getLayer('features');
  const [kernel] = conv.getWeights();
  const dead = tf.tidy(() => tf.mul(kernel!, tf.tensor1d([1, 0])));
  conv.setWeights([dead, tf.tensor1d([0.1, -1])]);
  return model;
}

describeBackends('finite-difference check of a layer gradient', () => {
  it('leaves out ties among zeros of a max-pooled ReLU layer, where the gradient picks one', async () => {
    const model = tiedZerosModel();
    const images = tf.randomUniform([1, 6, 6, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
    const check = await finiteDifferenceCheck(asCamModel(model), 'features', images);
    expect(check.forwardError).toBe(0);
    // Along the full gradient, central differences see half of the tied part: an error of 0.25.
    expect(check.gradientError).toBeLessThan(1e-3);
    images.dispose();
    model.dispose();
  });
});
