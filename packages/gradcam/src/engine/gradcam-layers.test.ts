import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { CAM_METHODS, type CamMethodName } from '../methods/methods';
import type { ExplainableModel } from '../model/as-cam-model';
import { countExecutes, fixtureTwins } from '../test-graph-fixtures';
import { imagesFor, inceptionNet } from '../test-graph-models';
import { nestedResidualModel, randomImages, residualModel, residualParts } from '../test-models';
import type { CamComparison } from './grad-cam';
import { type GradCamLayersOptions, gradcamEach, gradcamLayers } from './gradcam';

const EVERY_METHOD = Object.keys(CAM_METHODS) as CamMethodName[];

/**
 * gradcamLayers against one gradcamEach per layer. The one-pass capture runs every layer inside
 * `tf.grad`, where tfjs does not fuse a conv with its bias and activation, so the activations may
 * differ from the layer-by-layer capture in the last bits.
 */
async function expectSameAsLayerByLayer(
  model: ExplainableModel,
  images: tf.Tensor4D,
  options: GradCamLayersOptions,
): Promise<void> {
  const all = await gradcamLayers(model, images, options);
  expect(all.map(({ layer }) => layer)).toEqual(options.layers);
  const { layers, ...each } = options;
  for (const [l, layer] of (layers as string[]).entries()) {
    const one = await gradcamEach(model, images, { ...each, layer });
    await expectAllClose(all[l]!.logits, one.logits, { atol: 1e-5, label: `${layer} logits` });
    for (const [m, { method, cams, raw }] of one.maps.entries()) {
      expect(all[l]!.maps[m]!.method).toBe(method);
      await expectAllClose(all[l]!.maps[m]!.raw, raw, { atol: 1e-4, label: `${method}@${layer} raw` });
      await expectAllClose(all[l]!.maps[m]!.cams, cams, { atol: 1e-4, label: `${method}@${layer} cams` });
    }
    tf.dispose([one.logits, ...one.maps.flatMap(({ cams, raw }) => [cams, raw])]);
  }
  disposeAll(all);
}

function disposeAll(comparisons: readonly CamComparison[]): void {
  tf.dispose(
    comparisons.flatMap(({ logits, maps }) => [logits, ...maps.flatMap(({ cams, raw }) => [cams, raw])]),
  );
}

/** Forward convolutions run by `run` (under `tf.grad` tfjs runs a fused conv as a plain one). */
async function kernelCount(names: readonly string[], run: () => Promise<void>): Promise<number> {
  const { kernels } = await tf.profile(run);
  return kernels.filter(({ name }) => names.includes(name)).length;
}

/** Two branches from the image, one to each output. */
function twoHeadedModel(): tfl.LayersModel {
  const image = tfl.input({ shape: [8, 8, 3] });
  const head = (name: string) => {
    const conv = tfl.layers.conv2d({ name, filters: 2, kernelSize: 3, padding: 'same' }).apply(image);
    return tfl.layers
      .dense({ name: `${name}_logits`, units: 2 })
      .apply(tfl.layers.globalAveragePooling2d({}).apply(conv)) as tfl.SymbolicTensor;
  };
  return tfl.model({ inputs: image, outputs: [head('left'), head('right')], name: 'two_headed' });
}

describeBackends('gradcamLayers: several layers from one capture', () => {
  it('gives every method at every layer of a residual net the maps of gradcamEach there', {
    timeout: 120_000,
  }, async () => {
    const model = residualModel();
    const images = randomImages(2);
    const layers = ['head', 'inner', 'stem', 'skip_add', 'stem_relu'];
    await expectSameAsLayerByLayer(model, images, {
      layers,
      methods: EVERY_METHOD,
      targets: [2, 0],
      batchSize: 5,
    });
    tf.dispose(images);
    model.dispose();
  });

  it('reads parallel branches, scale-less batch norms and concatenations in one pass', async () => {
    const model = inceptionNet();
    const images = imagesFor(model, 2);
    const layers = ['branch3x3_conv', 'branch1x1_bn', 'branch_pool', 'stem_conv', 'mixed', 'stem_bn'];
    const methods: CamMethodName[] = ['gradcam', 'hirescam', 'xgradcam', 'layercam', 'eigengradcam'];
    await expectSameAsLayerByLayer(model, images, { layers, methods });
    await expectSameAsLayerByLayer(model, images, {
      layers: ['mixed', 'branch1x1'],
      methods,
      augSmooth: true,
    });
    await expectSameAsLayerByLayer(model, images, { layers: ['stem', 'mixed'], methods, eigenSmooth: true });
    tf.dispose(images);
    model.dispose();
  });

  it('reads layers inside a nested model', async () => {
    const model = nestedResidualModel(residualParts());
    const images = randomImages(2);
    await expectSameAsLayerByLayer(model, images, {
      layers: ['inner', 'head', 'stem'],
      methods: ['gradcam', 'fem'],
    });
    tf.dispose(images);
    model.dispose();
  });

  it('reads the nodes of a GraphModel in one pass, skip connections and parallel branches too', async () => {
    const methods: CamMethodName[] = ['gradcam', 'xgradcam', 'shapleycam'];
    const cases = [
      ['mobile-residual', ['project_bn', 'stem', 'head', 'skip_add', 'expand_dw'], 'logits'],
      ['inception-mini', ['branch3x3_bn', 'stem', 'mixed', 'branch1x1', 'branch_pool_conv'], 0],
    ] as const;
    for (const [name, nodes, output] of cases) {
      const { graph, layers } = await fixtureTwins(name);
      const images = imagesFor(layers, 2);
      await expectSameAsLayerByLayer(graph, images, { layers: [...nodes], methods, output, targets: 0 });
      tf.dispose(images);
      graph.dispose();
      layers.dispose();
    }
  });

  it('executes a GraphModel once per node and once to the output', async () => {
    const { graph, layers } = await fixtureTwins('mobile-residual');
    const images = imagesFor(layers, 1);
    const executes = countExecutes(graph);
    const options = {
      layers: ['stem', 'project_bn', 'head'],
      methods: ['gradcam'] as CamMethodName[],
      output: 'logits',
    };
    for (const probed of [false, true]) {
      disposeAll(await gradcamLayers(graph, images, options));
      // The first call also probes the output's shape once.
      expect(executes()).toBe(probed ? 4 : 5);
    }
    tf.dispose(images);
    graph.dispose();
    layers.dispose();
  });

  it('runs each convolution of a LayersModel once, however many layers it explains', async () => {
    const model = residualModel();
    const images = randomImages(1);
    const layers = ['stem', 'inner', 'head'];
    const convolutions = await kernelCount(['Conv2D', 'FusedConv2D'], async () =>
      disposeAll(await gradcamLayers(model, images, { layers, methods: ['gradcam', 'eigencam'] })),
    );
    expect(convolutions).toBe(3);
    tf.dispose(images);
    model.dispose();
  });

  it('differentiates no further back than the earliest layer it explains', async () => {
    const model = residualModel();
    const images = randomImages(1);
    // Only 'head' passes a gradient on to a tapped layer ('inner', through the add); the backward
    // pass of 'inner' itself and of 'stem' (to the images) would be wasted.
    const backward = await kernelCount(['Conv2DBackpropInput'], async () =>
      disposeAll(await gradcamLayers(model, images, { layers: ['inner', 'head'], methods: ['gradcam'] })),
    );
    expect(backward).toBe(1);
    tf.dispose(images);
    model.dispose();
  });

  it('keeps no tensor but those it returns', async () => {
    const model = residualModel();
    const images = randomImages(1);
    await expectNoLeaks(async () => {
      disposeAll(
        await gradcamLayers(model, images, { layers: ['inner', 'head'], methods: ['gradcam', 'fem'] }),
      );
    });
    const twoHeaded = twoHeadedModel();
    await expectNoLeaks(async () => {
      await expect(
        gradcamLayers(twoHeaded, images, { layers: ['left', 'right'], methods: ['gradcam'], output: 0 }),
      ).rejects.toThrow('does not depend on');
    });
    tf.dispose(images);
    model.dispose();
    twoHeaded.dispose();
  });

  it('names the layers argument when it is empty, repeats a layer or misses the output', async () => {
    const model = residualModel();
    const images = randomImages(1);
    const call = (layers: unknown, on: ExplainableModel = model, output?: number) =>
      gradcamLayers(on, images, { layers: layers as string[], methods: ['gradcam'], output });
    await expect(call([])).rejects.toThrow('layers: expected a non-empty array of layers, got []');
    await expect(call('inner')).rejects.toThrow('layers: expected a non-empty array of layers, got "inner"');
    await expect(call(['inner', 'head', 'inner'])).rejects.toThrow("layers: 'inner' is listed twice");
    await expect(call(['inner', 'nope'])).rejects.toThrow("layer: no layer named 'nope' in model 'residual'");
    const twoHeaded = twoHeadedModel();
    await expect(call(['left', 'right'], twoHeaded, 0)).rejects.toThrow(
      "layer: the explained output of model 'two_headed' does not depend on 'right'",
    );
    twoHeaded.dispose();
    tf.dispose(images);
    model.dispose();
  });
});
