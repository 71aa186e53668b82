import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { noiseBatch, patternBatch } from '../test-support';
import { centerCrop } from './center-crop';
import { resize } from './resize';

describeBackends('resize and centerCrop', () => {
  it('resizes as torchvision does (bilinear, align_corners = False, no antialias)', async () => {
    const image = patternBatch([1, 2, 2, 1], (_, y, x) => 2 * y + x + 1);
    const up = resize({ size: [4, 4] }).apply(image, createRng(1));
    // torch.nn.functional.interpolate([[1, 2], [3, 4]], size=4, mode='bilinear').
    await expectAllClose(up, [
      [1, 1.25, 1.75, 2],
      [1.5, 1.75, 2.25, 2.5],
      [2.5, 2.75, 3.25, 3.5],
      [3, 3.25, 3.75, 4],
    ]);
    const big = patternBatch([1, 4, 6, 1], (_, y, x) => 6 * y + x);
    // Halving reads between pixel pairs: the mean of each 2 × 2 block.
    const halved = resize({ size: [2, 3] }).apply(big, createRng(1));
    await expectAllClose(halved, [3.5, 5.5, 7.5, 15.5, 17.5, 19.5]);
    // Nearest reads source coordinate 2i + 0.5 rounded half up (torchvision's 'nearest-exact').
    const nearest = resize({ size: [2, 3], interpolation: 'nearest' }).apply(big, createRng(1));
    await expectAllClose(nearest, [7, 9, 11, 19, 21, 23]);
    tf.dispose([image, up, big, halved, nearest]);
  });

  it('matches the shorter side to a single size, keeping the aspect ratio', () => {
    const images = tf.zeros([2, 218, 178, 3]) as tf.Tensor4D;
    const out = resize({ size: 64 }).apply(images, createRng(1));
    expect(out.shape).toEqual([2, 78, 64, 3]);
    tf.dispose([images, out]);
  });

  it('crops the centre, rounding the offset as torchvision (CelebA 218×178 → 178×178)', async () => {
    const images = patternBatch([2, 218, 178, 1], (n, y, x) => n * 1e5 + y * 1000 + x);
    await expectNoLeaks(async () => {
      const out = centerCrop({ size: 178 }).apply(images, createRng(1));
      expect(out.shape).toEqual([2, 178, 178, 1]);
      const corners = tf.tidy(() =>
        tf.concat([tf.slice(out, [0, 0, 0, 0], [2, 1, 1, 1]), tf.slice(out, [0, 177, 177, 0], [2, 1, 1, 1])]),
      );
      // Image n, pixel (y, x) holds n·10⁵ + 1000·y + x: the crop starts at row 20, column 0.
      expect(Array.from(await corners.data())).toEqual([20_000, 120_000, 197_177, 297_177]);
      tf.dispose([out, corners]);
    });
    // (5 − 2) / 2 = 1.5 rounds to 2, (4 − 2) / 2 = 1 stays.
    const odd = noiseBatch([1, 5, 4, 1]);
    const cropped = centerCrop({ size: 2 }).apply(odd, createRng(1));
    const rowsTwoToThree = tf.slice(odd, [0, 2, 1, 0], [1, 2, 2, 1]);
    await expectAllClose(cropped, rowsTwoToThree, { atol: 0 });
    tf.dispose([images, odd, cropped, rowsTwoToThree]);
  });
});

describe('resize and centerCrop arguments', () => {
  it('rejects bad sizes and crops larger than the image', () => {
    expect(() => resize({ size: 0 })).toThrow('Resize: size must be a positive integer, got 0');
    expect(() => resize({ size: [4, -4] })).toThrow(
      /Resize: size must be a positive integer or \[height, width\]/,
    );
    expect(() => resize({ size: 4, interpolation: 'area' as never })).toThrow(
      /Resize: interpolation must be one of/,
    );
    const images = tf.zeros([1, 4, 6, 1]) as tf.Tensor4D;
    expect(() => centerCrop({ size: 5 }).apply(images, createRng(1))).toThrow(
      'CenterCrop: size [5, 5] is larger than the image [4, 6]',
    );
    images.dispose();
  });
});
