import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import {
  bcosConv2d,
  compositeOver,
  contributionMapPicture,
  encodeImage,
  explain as explainBcos,
} from '@bcos/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { EXPLAIN_METHODS, explain } from '../engine/explain';
import { overlay } from '../overlay/overlay';
import { anySizeGraph } from '../test-graph-fixtures';
import { randomImages, residualModel } from '../test-models';
import { withExplanations } from './explainer';
import { explainer, explainerNames } from './explainers';

/** conv → conv → global average pool: a B-cos classifier of 8×8 images in the 6-channel encoding. */
function tinyBcosModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      bcosConv2d({ filters: 4, kernelSize: 3, padding: 'same', inputShape: [8, 8, 6] }),
      bcosConv2d({ filters: 3, kernelSize: 1 }),
      tfl.layers.globalAveragePooling2d({}),
    ],
  });
}

const values = async (t: tf.Tensor) => Array.from(await t.data());
/** Item `index` of a batch. */
const item = <T extends tf.Tensor>(batch: tf.Tensor, index: number) =>
  tf.tidy(() => tf.squeeze(tf.slice(batch, index, 1), [0])) as T;

describeBackends('explainer: B-cos', () => {
  it("equals @bcos/layers' explain: maps, logits, targets and every picture, and disposes what it holds", async () => {
    const model = tinyBcosModel();
    const images = randomImages(2);
    const input = encodeImage(images) as tf.Tensor4D;
    const expected = await explainBcos(model, input, { classIndex: [2, 0] });
    const bcos = explainer(model, 'bcos', { prepare: encodeImage as (x: tf.Tensor4D) => tf.Tensor4D });
    await expectNoLeaks(async () => {
      await withExplanations(bcos, images, [2, 0], async (found) => {
        expect(found.targets).toEqual([2, 0]);
        expect(await values(found.maps)).toEqual(await values(expected.contributions));
        expect(await values(found.logits)).toEqual(await values(expected.logits));
        for (const index of [0, 1]) {
          const image = item<tf.Tensor3D>(images, index);
          const map = item(expected.contributions, index);
          const reference = tf.tidy(() => compositeOver(image, contributionMapPicture(map)));
          const picture = found.picture(index, image);
          await expectAllClose(picture, reference, { atol: 1e-6, label: 'picture' });
          tf.dispose([image, map, reference, picture]);
        }
      });
    });
    tf.dispose([expected.logits, expected.weights, expected.contributions, expected.rgba, input, images]);
    model.dispose();
  });

  it('draws B-cos colours of W(x) and the contribution map alone as @bcos/layers does', async () => {
    const model = tinyBcosModel();
    const input = encodeImage(randomImages(2)) as tf.Tensor4D;
    const expected = await explainBcos(model, input);
    const found = await explainer(model, 'bcos').explain(input);
    expect(found.targets).toEqual(expected.classIndex);
    const pictures = contributionMapPicture(expected.contributions);
    for (const index of [0, 1]) {
      const [image, rgba, alone] = [input, expected.rgba, pictures].map((t) =>
        item<tf.Tensor3D>(t, index),
      ) as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
      const [colours, contributions, reference] = [
        found.colours(index, image),
        found.contributionPicture(index),
        compositeOver(image, rgba),
      ];
      await expectAllClose(colours, reference, { atol: 1e-6, label: 'colours' });
      await expectAllClose(contributions, alone, { atol: 1e-6, label: 'contribution picture' });
      tf.dispose([image, rgba, alone, colours, contributions, reference]);
    }
    expect(() => found.picture(2, tf.zeros([8, 8, 3]))).toThrow(
      /image index 2 is not one of the 2 explained images/,
    );
    found.dispose();
    tf.dispose([pictures, input, expected.logits, expected.weights, expected.contributions, expected.rgba]);
    model.dispose();
  });
});

describeBackends('explainer: CAM methods', () => {
  it('equals explain() and overlay() on a LayersModel, the predicted classes by default', async () => {
    const model = residualModel();
    const images = randomImages(2);
    for (const method of ['gradcam', 'scorecam'] as const) {
      const expected = await explain(model, images, { method, layer: 'block_relu' });
      const cam = explainer(model, method, { layer: 'block_relu' });
      await expectNoLeaks(() =>
        withExplanations(cam, images, undefined, async (found) => {
          expect(await values(found.maps), method).toEqual(await values(expected.cams));
          expect(await values(found.logits), method).toEqual(await values(expected.logits));
          const predicted = tf.argMax(expected.logits, 1);
          expect(found.targets).toEqual(await values(predicted));
          const image = item<tf.Tensor3D>(images, 1);
          const map = item<tf.Tensor2D>(expected.cams, 1);
          const [picture, reference] = [found.picture(1, image), overlay(image, map)];
          expect(await values(picture), method).toEqual(await values(reference));
          tf.dispose([predicted, image, map, picture, reference]);
        }),
      );
      tf.dispose([expected.cams, expected.logits]);
    }
    images.dispose();
    model.dispose();
  });

  it('explains a GraphModel for the given targets as explain() does', async () => {
    const graph = await anySizeGraph('inception-mini');
    const images = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
    const expected = await explain(graph, images, { targets: [1, 3] });
    const found = await explainer(graph, 'gradcam').explain(images, [1, 3]);
    expect(found.targets).toEqual([1, 3]);
    expect(await values(found.maps)).toEqual(await values(expected.cams));
    found.dispose();
    tf.dispose([expected.cams, expected.logits, images]);
    graph.dispose();
  });
});

describeBackends('explainer: which methods a model has', () => {
  it("lists 'bcos' for B-cos models only, and FullGrad for LayersModels only", async () => {
    const [bcos, plain, graph] = [tinyBcosModel(), residualModel(), await anySizeGraph('inception-mini')];
    expect(explainerNames(bcos)).toEqual(['bcos', ...EXPLAIN_METHODS]);
    expect(explainerNames(plain)).toEqual(EXPLAIN_METHODS);
    expect(explainerNames(graph)).toEqual(EXPLAIN_METHODS.filter((method) => method !== 'fullgrad'));
    expect(explainer(bcos, 'GradCAMPlusPlus').label).toBe('GradCAMPlusPlus');
    expect(explainer(plain, 'gradcam++').label).toBe('GradCAMPlusPlus');
    expect(explainer(bcos, 'bcos').label).toBe('B-cos explanation');
    expect(() => explainer(plain, 'bcos')).toThrow(/'bcos' explains B-cos models only/);
    expect(() => explainer(graph, 'bcos')).toThrow(/'bcos' explains B-cos models only/);
    expect(() => explainer(plain, 'gradcam+++' as 'gradcam')).toThrow(/unknown method 'gradcam\+\+\+'/);
    [bcos, plain, graph].forEach((model) => {
      model.dispose();
    });
  });

  it('disposes the explanations also when their use throws', async () => {
    const model = residualModel();
    const images = randomImages(1);
    const cam = explainer(model, 'gradcam');
    await expectNoLeaks(() =>
      expect(
        withExplanations(cam, images, [0], () => {
          throw new Error('drawing failed');
        }),
      ).rejects.toThrow('drawing failed'),
    );
    images.dispose();
    model.dispose();
  });
});
