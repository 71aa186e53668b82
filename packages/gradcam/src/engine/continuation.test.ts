import { describeBackends } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { expect, it } from 'vitest';
import type { ExplainableModel } from '../model/as-cam-model';
import { fixtureTwins } from '../test-graph-fixtures';
import { imagesFor } from '../test-graph-models';
import { randomImages, residualModel } from '../test-models';
import { gradcam } from './gradcam';

const CONVOLUTIONS = ['Conv2D', 'FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2D'];

/**
 * Convolutions of the images (the stem's: inputs with 3 channels) in one Ablation-CAM, which
 * continues from the layer once per `batchSize` ablated channels.
 */
async function stemConvolutionsOfAblation(
  model: ExplainableModel,
  images: tf.Tensor4D,
  layer: string,
  batchSize: number,
  output?: string,
): Promise<number> {
  const { kernels } = await tf.profile(async () => {
    const { cams, raw, logits } = await gradcam(model, images, {
      layer,
      method: 'ablationcam',
      batchSize,
      output,
    });
    tf.dispose([cams, raw, logits]);
  });
  return kernels.filter(({ name, inputShapes }) => CONVOLUTIONS.includes(name) && inputShapes[0]?.[3] === 3)
    .length;
}

describeBackends('the model after the explained layer', () => {
  it('runs the forward pass before a LayersModel layer once, however many continuations from it', async () => {
    const model = residualModel();
    const images = randomImages(1);
    // 'inner' has a skip connection around it: each continuation adds the stem's output.
    // The capture's forward pass, then one up to the layer for all continuations.
    expect(await stemConvolutionsOfAblation(model, images, 'inner', 1)).toBe(2);
    tf.dispose(images);
    model.dispose();
  });

  it('runs the graph before a GraphModel node once, however many continuations from it', async () => {
    const { graph, layers } = await fixtureTwins('mobile-residual');
    const images = imagesFor(layers, 1);
    // The first call also probes the output's shape.
    await stemConvolutionsOfAblation(graph, images, 'project_bn', 64, 'logits');
    expect(await stemConvolutionsOfAblation(graph, images, 'project_bn', 1, 'logits')).toBe(2);
    tf.dispose(images);
    graph.dispose();
    layers.dispose();
  });
});
