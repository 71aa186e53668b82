import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { CAM_METHODS, type CamMethodName } from '../methods/methods';
import type { ExplainableModel } from '../model/as-cam-model';
import { fixtureTwins } from '../test-graph-fixtures';
import { imagesFor } from '../test-graph-models';
import { randomImages, residualModel } from '../test-models';
import { type GradCamEachOptions, gradcam, gradcamEach } from './gradcam';

const EVERY_METHOD = Object.keys(CAM_METHODS) as CamMethodName[];

/** gradcamEach against one gradcam() per method: the same cams and raw maps, one logits. */
async function expectSameAsOneByOne(
  model: ExplainableModel,
  images: tf.Tensor4D,
  layer: string,
  methods: CamMethodName[],
  options: Omit<GradCamEachOptions, 'layer' | 'methods'> = {},
): Promise<void> {
  const each = await gradcamEach(model, images, { layer, methods, ...options });
  expect(each.maps.map(({ method }) => method)).toEqual(methods);
  expect(each.layer).toBe(layer);
  for (const [i, method] of methods.entries()) {
    const one = await gradcam(model, images, { layer, method, ...options });
    await expectAllClose(each.maps[i]!.raw, one.raw, { atol: 1e-6, label: `${method} raw` });
    await expectAllClose(each.maps[i]!.cams, one.cams, { atol: 1e-6, label: `${method} cams` });
    await expectAllClose(each.logits, one.logits, { atol: 0, label: `${method} logits` });
    tf.dispose([one.cams, one.raw, one.logits]);
  }
  tf.dispose([each.logits, ...each.maps.flatMap(({ cams, raw }) => [cams, raw])]);
}

describeBackends('gradcamEach: several methods from one capture', () => {
  it('gives every CAM method the maps of its own gradcam() call, targets given or predicted', {
    timeout: 120_000,
  }, async () => {
    const model = residualModel();
    const images = randomImages(2);
    await expectSameAsOneByOne(model, images, 'inner', EVERY_METHOD, { targets: [2, 0], batchSize: 5 });
    await expectSameAsOneByOne(model, images, 'inner', ['gradcam', 'scorecam', 'eigencam']);
    tf.dispose(images);
    model.dispose();
  });

  it('smooths every method as gradcam() does (augSmooth, eigenSmooth)', async () => {
    const model = residualModel();
    const images = randomImages(1);
    const methods: CamMethodName[] = ['gradcam', 'layercam', 'eigencam'];
    await expectSameAsOneByOne(model, images, 'inner', methods, { augSmooth: true, targets: 1 });
    await expectSameAsOneByOne(model, images, 'inner', methods, { eigenSmooth: true });
    tf.dispose(images);
    model.dispose();
  });

  it('does the same on a GraphModel node behind a skip connection', async () => {
    const { graph, layers } = await fixtureTwins('mobile-residual');
    const images = imagesFor(layers, 2);
    const methods: CamMethodName[] = ['gradcam', 'hirescam', 'shapleycam', 'ablationcam'];
    await expectSameAsOneByOne(graph, images, 'project_bn', methods, { output: 'logits', targets: 0 });
    tf.dispose(images);
    graph.dispose();
    layers.dispose();
  });

  it('keeps no tensor but those it returns', async () => {
    const model = residualModel();
    const images = randomImages(1);
    await expectNoLeaks(async () => {
      const each = await gradcamEach(model, images, { layer: 'inner', methods: ['gradcam', 'fem'] });
      tf.dispose([each.logits, ...each.maps.flatMap(({ cams, raw }) => [cams, raw])]);
    });
    tf.dispose(images);
    model.dispose();
  });

  it('names the methods argument when it is empty, repeats a method or names none', async () => {
    const model = residualModel();
    const images = randomImages(1);
    const call = (methods: unknown) =>
      gradcamEach(model, images, { layer: 'inner', methods: methods as CamMethodName[] });
    await expect(call([])).rejects.toThrow('methods: expected a non-empty array of CAM methods, got []');
    await expect(call(undefined)).rejects.toThrow(
      'methods: expected a non-empty array of CAM methods, got undefined',
    );
    await expect(call(['gradcam', 'GradCAM'])).rejects.toThrow("methods: 'gradcam' is listed twice");
    await expect(call(['gradcam', 'nocam'])).rejects.toThrow("method: unknown CAM method 'nocam'");
    tf.dispose(images);
    model.dispose();
  });
});
