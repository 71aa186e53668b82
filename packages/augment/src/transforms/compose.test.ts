import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { patternBatch, readBatch } from '../test-support';
import { compose } from './compose';
import { horizontalFlip } from './flip';
import { normalize } from './normalize';
import { oneOf } from './one-of';
import { randomApply } from './random-apply';
import { randomCrop } from './random-crop';

/** Image n holds n everywhere, so every image can be found after the batch is split and merged. */
const numbered = (n: number) => patternBatch([n, 1, 2, 1], (i, _, x) => i + x / 10);

describeBackends('compose, oneOf, randomApply', () => {
  it('compose applies the transforms in order', async () => {
    const images = numbered(2);
    const out = compose([normalize({ mean: 1, std: 2 }), horizontalFlip({ p: 1 })]).apply(
      images,
      createRng(1),
    );
    await expectAllClose(out, [-0.45, -0.5, 0.05, 0]);
    tf.dispose([images, out]);
  });

  it('randomApply transforms a share p of the images and keeps every image in its place', async () => {
    const n = 400;
    const images = numbered(n);
    await expectNoLeaks(async () => {
      const out = randomApply(horizontalFlip({ p: 1 }), 0.3).apply(images, createRng(2));
      const { at } = await readBatch(out);
      let flipped = 0;
      for (let i = 0; i < n; i++) {
        expect(Math.floor(at(i, 0, 0) + 1e-4)).toBe(i);
        if (at(i, 0, 0) > at(i, 0, 1)) flipped++;
      }
      expect(Math.abs(flipped / n - 0.3)).toBeLessThan(0.08);
      out.dispose();
    });
    images.dispose();
  });

  it('oneOf sends each chosen image through exactly one of the transforms', async () => {
    const n = 300;
    const images = numbered(n);
    const choose = oneOf([normalize({ mean: 0, std: 0.5 }), normalize({ mean: 0, std: 0.25 })], 0.9);
    const out = choose.apply(images, createRng(4));
    const { at } = await readBatch(out);
    const factors = Array.from({ length: n }, (_, i) => (i === 0 ? 1 : Math.round(at(i, 0, 0) / i)));
    const share = (f: number) => factors.slice(1).filter((x) => x === f).length / (n - 1);
    expect(share(1) + share(2) + share(4)).toBe(1);
    expect(Math.abs(share(1) - 0.1)).toBeLessThan(0.06);
    expect(Math.abs(share(2) - 0.45)).toBeLessThan(0.09);
    tf.dispose([images, out]);
  });
});

describe('composite arguments and reports', () => {
  it('names every nested transform with its options', () => {
    const pipeline = compose([randomCrop({ size: 32, padding: 4 }), randomApply([horizontalFlip()], 0.5)]);
    expect(String(pipeline)).toBe(
      "Compose(transforms=[RandomCrop(size=[32, 32], padding=4, padMode='constant', fill=0), RandomApply(transforms=[HorizontalFlip(p=0.5)], p=0.5)])",
    );
    expect(JSON.parse(JSON.stringify(pipeline.config))).toEqual({
      transforms: [
        { name: 'RandomCrop', size: [32, 32], padding: 4, padMode: 'constant', fill: 0 },
        { name: 'RandomApply', transforms: [{ name: 'HorizontalFlip', p: 0.5 }], p: 0.5 },
      ],
    });
  });

  it('rejects empty lists, non-transforms, bad p and branches of different shapes', () => {
    expect(() => compose([])).toThrow('Compose: transforms must be a non-empty array of transforms, got []');
    expect(() => oneOf([horizontalFlip(), {} as never])).toThrow(
      /OneOf: transforms\[1\] must be a transform/,
    );
    expect(() => randomApply(horizontalFlip(), 2)).toThrow('RandomApply: p must be in [0, 1], got 2');
    const images = tf.zeros([8, 4, 4, 1]) as tf.Tensor4D;
    expect(() => randomApply(randomCrop({ size: 2 }), 0.5).apply(images, createRng(1))).toThrow(
      /RandomApply: images that take different branches came out different \(float32 \[2, 2, 1\] vs float32 \[4, 4, 1\]\)/,
    );
    images.dispose();
  });
});
