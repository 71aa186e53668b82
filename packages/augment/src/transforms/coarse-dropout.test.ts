import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { eraseBoxes } from '../erase-boxes';
import { createRng } from '../rng';
import { patternBatch, readBatch } from '../test-support';
import { coarseDropout } from './coarse-dropout';

/** Per image: the erased pixels' bounding box and count, for images of ones erased with 0. */
async function holesOf(out: tf.Tensor4D) {
  const { at } = await readBatch(out);
  const [n, height, width] = out.shape;
  return Array.from({ length: n }, (_, i) => {
    let [count, top, left, bottom, right] = [0, height, width, -1, -1];
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        if (at(i, y, x) === 0) {
          count++;
          [top, left, bottom, right] = [
            Math.min(top, y),
            Math.min(left, x),
            Math.max(bottom, y),
            Math.max(right, x),
          ];
        }
    return { count, height: bottom - top + 1, width: right - left + 1, top, left };
  });
}

describeBackends('coarseDropout', () => {
  it('erases exactly the given boxes, overlapping or empty, with per-channel fill', async () => {
    const images = patternBatch([2, 3, 4, 2], (n, y, x, c) => 100 * n + 10 * y + x + 0.5 * c);
    // Image 0: rows 0..1 × columns 1..2, and an overlapping row 1 × columns 2..3. Image 1: empty boxes.
    const out = eraseBoxes(images, [0, 1, 2, 3, 1, 2, 2, 4, 0, 0, 0, 0, 2, 2, 2, 4], 2, [-1, -2]);
    const expected = await images.array();
    for (const [y, x] of [
      [0, 1],
      [0, 2],
      [1, 1],
      [1, 2],
      [1, 3],
    ] as const)
      expected[0]![y]![x] = [-1, -2];
    await expectAllClose(out, expected, { atol: 0 });
    tf.dispose([images, out]);
  });

  it('puts holes of the drawn sizes wholly inside the image, without leaks', async () => {
    const images = tf.ones([32, 8, 10, 1]) as tf.Tensor4D;
    const transform = coarseDropout({ holes: 1, height: [2, 4], width: 3, p: 1 });
    await expectNoLeaks(async () => {
      const out = transform.apply(images, createRng(2));
      for (const hole of await holesOf(out)) {
        expect(hole.width).toBe(3);
        expect(hole.height).toBeGreaterThanOrEqual(2);
        expect(hole.height).toBeLessThanOrEqual(4);
        expect(hole.count).toBe(hole.height * hole.width);
      }
      out.dispose();
    });
    images.dispose();
  });
});

describeBackends(
  'coarseDropout statistics',
  () => {
    it('applies to a share p of the images and places holes uniformly', async () => {
      const n = 2000;
      const images = tf.ones([n, 6, 6, 1]) as tf.Tensor4D;
      const out = coarseDropout({ height: 2, width: 2, p: 0.7 }).apply(images, createRng(4));
      const holes = await holesOf(out);
      const erased = holes.filter((h) => h.count > 0);
      expect(Math.abs(erased.length / n - 0.7)).toBeLessThan(0.04);
      // Corners uniform over 5 × 5 positions: χ² with 24 degrees of freedom, 51.2 at 99.9%.
      const counts = new Array(25).fill(0);
      for (const h of erased) counts[h.top * 5 + h.left]++;
      const expected = erased.length / 25;
      expect(counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0)).toBeLessThan(51.2);
      tf.dispose([images, out]);
    });
  },
  { backends: ['cpu'] },
);

describe('coarseDropout arguments', () => {
  it('rejects negative sizes, bad ranges, holes larger than the image and p outside [0, 1]', () => {
    expect(() => coarseDropout({ height: -1 })).toThrow(
      /CoarseDropout: height must be a non-negative integer or \[min, max\]/,
    );
    expect(() => coarseDropout({ holes: [3, 1] })).toThrow(
      /CoarseDropout: holes must be .* min <= max, got \[3, 1\]/,
    );
    expect(() => coarseDropout({ p: 2 })).toThrow('CoarseDropout: p must be in [0, 1], got 2');
    const images = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => coarseDropout({ height: 5, width: 2 }).apply(images, createRng(1))).toThrow(
      'CoarseDropout: height 5 is larger than the image height 4',
    );
    expect(() => coarseDropout({ height: 2, width: [1, 6] }).apply(images, createRng(1))).toThrow(
      'CoarseDropout: width 6 is larger than the image width 4',
    );
    images.dispose();
  });
});
