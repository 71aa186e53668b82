import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { readBatch } from '../test-support';
import { cutout } from './cutout';

/** Erased pixel count per image, for images of ones erased with 0. */
async function erasedAreas(out: tf.Tensor4D): Promise<number[]> {
  const { data } = await readBatch(out);
  const perImage = data.length / out.shape[0];
  return Array.from(
    { length: out.shape[0] },
    (_, i) => Array.from(data.subarray(i * perImage, (i + 1) * perImage)).filter((v) => v === 0).length,
  );
}

/** The clipped extent of a hole of `size` along an axis of `length`, for every centre position. */
function clippedExtents(length: number, size: number): number[] {
  return Array.from({ length }, (_, c) => {
    const start = c - Math.floor(size / 2);
    return Math.min(start + size, length) - Math.max(start, 0);
  });
}

describeBackends('cutout', () => {
  it('clips holes at the border and leaves no tensors behind', async () => {
    const images = tf.ones([16, 6, 6, 2]) as tf.Tensor4D;
    await expectNoLeaks(async () => {
      const out = cutout({ size: 4, fill: [0, 0] }).apply(images, createRng(8));
      const areas = await erasedAreas(out);
      const possible = new Set(
        clippedExtents(6, 4).flatMap((h) => clippedExtents(6, 4).map((w) => 2 * h * w)),
      );
      for (const area of areas) expect(possible.has(area)).toBe(true);
      out.dispose();
    });
    const none = cutout({ size: 4, p: 0 }).apply(images, createRng(8));
    await expectAllClose(none, images, { atol: 0 });
    tf.dispose([images, none]);
  });
});

describeBackends(
  'cutout statistics',
  () => {
    it('has the area distribution of a centre uniform over the image (DeVries & Taylor)', async () => {
      const [n, length, size] = [2000, 32, 16];
      const images = tf.ones([n, length, length, 1]) as tf.Tensor4D;
      const out = cutout({ size }).apply(images, createRng(21));
      const areas = await erasedAreas(out);
      const extents = clippedExtents(length, size);
      const expectedMean = (extents.reduce((a, b) => a + b, 0) / length) ** 2;
      const mean = areas.reduce((a, b) => a + b, 0) / n;
      // Exact mean 14² = 196; the per-image standard deviation is ≈ 52, so the mean's error ≈ 1.2.
      expect(Math.abs(mean - expectedMean)).toBeLessThan(4);
      // A full 16 × 16 hole needs the centre in 17 of 32 positions on both axes.
      const fullShare = areas.filter((a) => a === size * size).length / n;
      expect(Math.abs(fullShare - (17 / 32) ** 2)).toBeLessThan(0.03);
      expect(Math.min(...areas)).toBe(8 * 8);
      tf.dispose([images, out]);
    });
  },
  { backends: ['cpu'] },
);

describe('cutout arguments', () => {
  it('rejects non-positive sizes and hole counts and p outside [0, 1]', () => {
    expect(() => cutout({ size: -16 })).toThrow(
      /Cutout: size must be a positive integer or \[height, width\]/,
    );
    expect(() => cutout({ size: 16, holes: 0 })).toThrow('Cutout: holes must be a positive integer, got 0');
    expect(() => cutout({ size: 16, p: Number.NaN })).toThrow('Cutout: p must be in [0, 1], got NaN');
  });
});
