import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { noiseBatch } from '../test-support';
import { drawCropBox, randomResizedCrop } from './random-resized-crop';
import { resize } from './resize';

describeBackends('randomResizedCrop', () => {
  it('resizes the whole image when scale and ratio allow only that', async () => {
    const images = noiseBatch([3, 6, 6, 3], 2);
    await expectNoLeaks(async () => {
      const out = randomResizedCrop({ size: 4, scale: [1, 1], ratio: [1, 1] }).apply(images, createRng(1));
      const whole = resize({ size: [4, 4] }).apply(images, createRng(1));
      await expectAllClose(out, whole, { atol: 1e-6 });
      tf.dispose([out, whole]);
    });
    images.dispose();
  });

  it('falls back to the central crop of the allowed ratio after ten failed tries', async () => {
    // A 4 × 16 image cannot hold a square of its own area, so every try fails.
    const images = noiseBatch([1, 4, 16, 1], 3);
    const out = randomResizedCrop({ size: 4, scale: [1, 1], ratio: [1, 1], interpolation: 'nearest' }).apply(
      images,
      createRng(1),
    );
    const centre = tf.slice(images, [0, 0, 6, 0], [1, 4, 4, 1]);
    await expectAllClose(out, centre, { atol: 0 });
    tf.dispose([images, out, centre]);
  });
});

describe('randomResizedCrop boxes', () => {
  it('lie inside the image with area and aspect ratio in range', () => {
    const rng = createRng(31);
    const areas: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const [top, left, height, width] = drawCropBox(40, 60, [0.2, 0.5], [3 / 4, 4 / 3], rng);
      expect(top >= 0 && left >= 0 && top + height <= 40 && left + width <= 60).toBe(true);
      // Rounding each side to whole pixels moves area and ratio by at most about a pixel per side.
      expect(width / height).toBeGreaterThan(0.75 * 0.95);
      expect(width / height).toBeLessThan(1.34 / 0.95);
      areas.push((height * width) / 2400);
    }
    expect(Math.min(...areas)).toBeGreaterThan(0.2 * 0.93);
    expect(Math.max(...areas)).toBeLessThan(0.5 * 1.07);
    // Every try fits here (the largest crop is 40 × 40), so the area fraction is uniform on [0.2, 0.5]: mean 0.35.
    expect(Math.abs(areas.reduce((a, b) => a + b, 0) / areas.length - 0.35)).toBeLessThan(0.01);
  });

  it('rejects bad sizes, scales and ratios', () => {
    expect(() => randomResizedCrop({ size: 0 })).toThrow(
      /RandomResizedCrop: size must be a positive integer/,
    );
    expect(() => randomResizedCrop({ size: 8, scale: [0.9, 0.1] })).toThrow(
      'RandomResizedCrop: scale must be [min, max] with 0 < min <= max, got [0.9, 0.1]',
    );
    expect(() => randomResizedCrop({ size: 8, ratio: [0, 1] })).toThrow(/RandomResizedCrop: ratio must be/);
  });
});
