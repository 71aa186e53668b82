import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { randomImages } from '../test-models';
import { GraphRun } from './graph-run';
import { locateLayer } from './locate-layer';

/** Convolutions of every configuration the unfused path reads, then a dense layer with a bias. */
function convModel(): tfl.LayersModel {
  const seeded = (seed: number) => tfl.initializers.randomNormal({ mean: 0, stddev: 0.4, seed });
  const conv = (config: Parameters<typeof tfl.layers.conv2d>[0], seed: number) =>
    tfl.layers.conv2d({ kernelInitializer: seeded(seed), biasInitializer: seeded(seed + 10), ...config });
  return tfl.sequential({
    name: 'unfused',
    layers: [
      conv({ name: 'stem', inputShape: [9, 9, 3], filters: 5, kernelSize: 3, activation: 'relu' }, 1),
      conv({ name: 'strided', filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'elu' }, 2),
      conv({ name: 'linear', filters: 7, kernelSize: 2, useBias: false }, 3),
      tfl.layers.flatten({ name: 'flat' }),
      tfl.layers.dense({ name: 'fc', units: 4, activation: 'tanh', kernelInitializer: seeded(4) }),
      tfl.layers.dense({
        name: 'logits',
        units: 3,
        kernelInitializer: seeded(5),
        biasInitializer: seeded(6),
      }),
    ],
  });
}

/** ∂(Σ output · weights)/∂(stem's output), continuing the model with `continueFrom`. */
function gradientAtStem(
  model: tfl.LayersModel,
  x: tf.Tensor4D,
  continueFrom: (run: GraphRun, stem: tf.Tensor) => tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const run = new GraphRun(model, [x]);
    const stem = run.valueAt(locateLayer(model, model.getLayer('stem')));
    const weights = tf.tensor1d([0.5, -1, 2]);
    return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(continueFrom(run, a), weights)))(stem);
  });
}

describeBackends('unfused layers', () => {
  it('differentiate Conv2D and Dense without the weight gradients of tfjs fused ops, to the same gradient', async () => {
    const model = convModel();
    const x = randomImages(2, 5, 9);
    const location = locateLayer(model, model.getLayer('stem'));
    const throughGraphRun = (run: GraphRun, stem: tf.Tensor) => {
      const after = run.fork();
      after.replace(location, stem);
      return after.outputs()[0]!;
    };
    const throughLayersApply = (_: GraphRun, stem: tf.Tensor) =>
      model.layers.slice(1).reduce((h, layer) => layer.apply(h) as tf.Tensor, stem);
    let gradient: tf.Tensor | undefined;
    const profile = await tf.profile(() => {
      gradient = gradientAtStem(model, x, throughGraphRun);
      return gradient;
    });
    const kernelShapes = model.layers.flatMap((layer) =>
      layer.weights.filter((w) => w.shape.length > 1).map((w) => String(w.shape)),
    );
    const weightGradients = profile.kernels.filter(
      ({ name, outputShapes }) =>
        name === 'Conv2DBackpropFilter' ||
        // A dense kernel's gradient is a batched matmul's [1, in, out].
        (name === 'BatchMatMul' &&
          outputShapes.some(([one, ...rest]) => one === 1 && kernelShapes.includes(String(rest)))),
    );
    expect(weightGradients.map(({ name, outputShapes }) => `${name} → [${outputShapes}]`)).toEqual([]);
    const fused = gradientAtStem(model, x, throughLayersApply);
    await expectAllClose(gradient!, fused, { atol: 1e-5 });
    // Inside a gradient the layers run unfused: the output is still predict's (the fused kernels).
    let output: tf.Tensor | undefined;
    const inputGradient = tf.grad((images: tf.Tensor) => {
      output = tf.keep(new GraphRun(model, [images as tf.Tensor4D]).outputs()[0]!);
      return tf.sum(output);
    })(x);
    const predicted = model.predict(x) as tf.Tensor;
    await expectAllClose(output!, predicted, { atol: 1e-5 });
    tf.dispose([x, gradient!, fused, output!, inputGradient, predicted]);
    model.dispose();
  });
});
