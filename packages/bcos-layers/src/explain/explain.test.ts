import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { bcosDense } from '../bcos/bcos-dense';
import { logitLayer } from '../logit-layer';
import { fixtureTensor, parityFixture } from '../test-fixture';
import { tinyBcosNet } from '../test-models';
import { explain } from './explain';

/** A B-cos classifier whose classes 0 and 1 have the same weights, so their logits tie exactly. */
function tiedClassesNet(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [2, 2, 6] }),
      bcosDense({ units: 3, name: 'dense' }),
      logitLayer({ bias: 0 }),
    ],
  });
  const kernel = tf.tidy(() => {
    const [first, , third] = tf.split(tf.randomNormal([24, 3], 0, 1, 'float32', 5), 3, 1);
    return tf.concat([first!, first!, third!], 1);
  });
  model.getLayer('dense').setWeights([kernel]);
  kernel.dispose();
  return model;
}

describeBackends('explain parity with B-cos v2 (tiny network)', () => {
  const net = parityFixture().tiny_bcos_net;

  it('gives the reference logits, W(x), contribution map and RGBA', async () => {
    const model = tinyBcosNet();
    const x6 = fixtureTensor(net.x6);
    const result = await explain(model, x6, { smooth: 3 });
    expect(result.classIndex).toEqual([net.explained_class]);
    await expectAllClose(result.logits, net.logits as number[], { label: 'logits' });
    await expectAllClose(result.weights, net.dynamic_linear_weights as number[], { label: 'W(x)' });
    await expectAllClose(result.contributions, net.contribution_map as number[], { label: 'contributions' });
    await expectAllClose(result.rgba, net.explanation_rgba_smooth3 as number[], { label: 'rgba' });
    tf.dispose([x6, result.logits, result.weights, result.contributions, result.rgba]);
    model.dispose();
  });

  it('explains a batch image by image, for given classes, leaving explanation mode off afterwards', async () => {
    const model = tinyBcosNet();
    const x6 = fixtureTensor(net.x6);
    const batch = tf.concat([x6, tf.reverse(x6, 1)]);
    const together = await explain(model, batch, { classIndex: [2, 1] });
    const alone = await explain(model, tf.slice(batch, 1, 1), { classIndex: 1 });
    expect(together.classIndex).toEqual([2, 1]);
    await expectAllClose(tf.slice(together.weights, 1, 1), alone.weights, { label: 'second image W(x)' });
    await expectAllClose(tf.slice(together.rgba, 1, 1), alone.rgba, { label: 'second image rgba' });
    expect(
      model.layers.map((l) => (l as { explanationMode?: boolean }).explanationMode ?? false),
    ).not.toContain(true);
    model.dispose();
  });

  it('releases every tensor but the ones it returns', async () => {
    const model = tinyBcosNet();
    const x6 = fixtureTensor(net.x6);
    await expectNoLeaks(async () => {
      const result = await explain(model, x6);
      tf.dispose([result.logits, result.weights, result.contributions, result.rgba]);
    });
    x6.dispose();
    model.dispose();
  });

  it('rejects images that are not the 6-channel encoding and classes the model lacks', async () => {
    const model = tinyBcosNet();
    await expect(explain(model, tf.zeros([1, 10, 10, 3]))).rejects.toThrow(
      /explain: images must be the 6-channel/,
    );
    const x6 = fixtureTensor(net.x6);
    await expectNoLeaks(() =>
      expect(explain(model, x6, { classIndex: 3 })).rejects.toThrow(/explain: classIndex 3 is not a class/),
    );
    await expect(explain(model, x6, { classIndex: [0, 1] })).rejects.toThrow(/lists 2 classes for 1 images/);
    model.dispose();
  });

  it('says a model without B-cos layers gives no B-cos explanation', async () => {
    const plain = tfl.sequential({
      name: 'plain',
      layers: [
        tfl.layers.conv2d({ inputShape: [4, 4, 6], filters: 2, kernelSize: 3 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 3 }),
      ],
    });
    const x6 = tf.zeros([1, 4, 4, 6]);
    await expect(explain(plain, x6)).rejects.toThrow(
      /^explain: model 'plain' has no B-cos layers, so its input gradient would be a plain gradient map, not a B-cos explanation/,
    );
    tf.dispose([x6]);
    plain.dispose();
  });
});

describeBackends('explain with tied logits', () => {
  it('explains only the predicted class (the first of the tied ones), not their sum', async () => {
    const model = tiedClassesNet();
    const x6 = tf.tidy(() => tf.concat([tf.fill([1, 2, 2, 3], 0.7), tf.fill([1, 2, 2, 3], 0.3)], 3));
    const result = await explain(model, x6);
    const logits = await result.logits.data();
    expect(logits[0]).toBe(logits[1]);
    if (logits[2]! > logits[0]!) throw new Error('test setup: the tied classes must win; change the seed');
    expect(result.classIndex).toEqual([0]);
    await expectAllClose(tf.sum(result.contributions), logits[0]!, { label: 'Σ W(x)·x = the tied logit' });
    tf.dispose([x6, result.logits, result.weights, result.contributions, result.rgba]);
    model.dispose();
  });
});
