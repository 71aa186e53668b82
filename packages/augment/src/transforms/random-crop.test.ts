import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { patternBatch, readBatch } from '../test-support';
import { cropBatch, randomCrop } from './random-crop';

/** 1 2 3 / 4 5 6 / 7 8 9 */
const counting = () => patternBatch([1, 3, 3, 1], (_, y, x) => 3 * y + x + 1);

describeBackends('randomCrop', () => {
  it('cuts the window at fixed corners, padding by each mode', async () => {
    const image = counting();
    const at = (padMode: 'constant' | 'reflect' | 'edge', corner: [number, number]) =>
      cropBatch(image, corner, { height: 3, width: 3, padding: 2, padMode, fill: [-1] });
    // Corner (0, 1) in the 7×7 padded image: rows −2..0, columns −1..1 of the original.
    await expectAllClose(at('constant', [0, 1]), [-1, -1, -1, -1, -1, -1, -1, 1, 2]);
    await expectAllClose(at('reflect', [0, 1]), [8, 7, 8, 5, 4, 5, 2, 1, 2]);
    await expectAllClose(at('edge', [0, 1]), [1, 1, 2, 1, 1, 2, 1, 1, 2]);
    // Corner (4, 3): rows 2..4, columns 1..3.
    await expectAllClose(at('reflect', [4, 3]), [8, 9, 8, 5, 6, 5, 2, 3, 2]);
    await expectAllClose(at('constant', [2, 2]), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    image.dispose();
  });

  it('gives each image its own offset and the same output for the same seed', async () => {
    const images = patternBatch([64, 4, 4, 1], (_, y, x) => 4 * y + x + 1);
    const crop = randomCrop({ size: 2, padding: 1 });
    const first = crop.apply(images, createRng(5));
    const again = crop.apply(images, createRng(5));
    const other = crop.apply(images, createRng(6));
    const topLefts = new Set((await readBatch(first)).data.filter((_, i) => i % 4 === 0));
    expect(topLefts.size).toBeGreaterThan(8);
    await expectAllClose(again, first, { atol: 0 });
    expect(Array.from(await other.data())).not.toEqual(Array.from(await first.data()));
    tf.dispose([images, first, again, other]);
  });

  it('leaves no tensors behind', async () => {
    const images = counting();
    await expectNoLeaks(() =>
      tf.dispose(randomCrop({ size: 3, padding: 4, padMode: 'reflect' }).apply(images, createRng(1))),
    );
    images.dispose();
  });
});

describeBackends(
  'randomCrop statistics',
  () => {
    it('draws offsets uniformly over [0, padded − size] in both directions', async () => {
      // Pixel value y·W + x + 1 tells where output pixel (pad, pad) came from: input (oy, ox) with
      // offsets oy, ox ∈ [0, 2·pad], always inside the image.
      const [size, pad, n] = [8, 2, 2000];
      const images = patternBatch([n, size, size, 1], (_, y, x) => y * size + x + 1);
      const out = randomCrop({ size, padding: pad }).apply(images, createRng(17));
      const { at } = await readBatch(out);
      const counts = new Array((2 * pad + 1) ** 2).fill(0);
      for (let i = 0; i < n; i++) {
        const source = at(i, pad, pad) - 1;
        const [oy, ox] = [Math.floor(source / size), source % size];
        counts[oy * (2 * pad + 1) + ox]++;
      }
      const expected = n / counts.length;
      const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
      // 24 degrees of freedom: 51.2 is the 99.9% quantile.
      expect(chiSquare).toBeLessThan(51.2);
      expect(Math.min(...counts)).toBeGreaterThan(0);
      tf.dispose([images, out]);
    });
  },
  { backends: ['cpu'] },
);

describe('randomCrop arguments', () => {
  it('rejects a crop larger than the padded image, negative padding and unknown modes', () => {
    const images = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => randomCrop({ size: 9, padding: 2 }).apply(images, createRng(1))).toThrow(
      'RandomCrop: size [9, 9] is larger than the padded image [8, 8] (padding 2)',
    );
    expect(() => randomCrop({ size: 4, padding: -1 })).toThrow(
      'RandomCrop: padding must be a non-negative integer, got -1',
    );
    expect(() => randomCrop({ size: 0 })).toThrow(
      /RandomCrop: size must be a positive integer or \[height, width\]/,
    );
    expect(() => randomCrop({ size: [4, 4, 4] as never })).toThrow(/RandomCrop: size/);
    expect(() => randomCrop({ size: 4, padMode: 'wrap' as never })).toThrow(
      "RandomCrop: padMode must be one of 'constant', 'reflect', 'edge', got 'wrap'",
    );
    expect(() => randomCrop({ size: 4, fill: Number.NaN })).toThrow(
      /RandomCrop: fill must be a finite number/,
    );
    expect(() => randomCrop({ size: 4, fill: [0, 0] }).apply(images, createRng(1))).toThrow(
      'RandomCrop: fill has 2 values but the batch has 1 channels',
    );
    const ints = tf.zeros([1, 4, 4, 1], 'int32') as tf.Tensor4D;
    expect(() => randomCrop({ size: 4 }).apply(ints, createRng(1))).toThrow(
      'RandomCrop: batch must be float32, got int32 (apply toFloat() first)',
    );
    tf.dispose([images, ints]);
  });
});
