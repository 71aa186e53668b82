import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { noiseBatch, patternBatch, readBatch, referenceSample } from '../test-support';
import { rotate, rotateBatch } from './rotate';

/** A 4×4 image with two channels whose every pixel differs. */
const pattern = (y: number, x: number, c: number) => 10 * y + x + 100 * c;

describeBackends('rotate', () => {
  it('turns a known pattern by multiples of 90° counter-clockwise', async () => {
    const size = 4;
    const last = size - 1;
    // Where output pixel (y, x) comes from, as numpy's rot90 (counter-clockwise on screen) has it.
    const sources: Record<number, (y: number, x: number) => [number, number]> = {
      0: (y, x) => [y, x],
      90: (y, x) => [x, last - y],
      180: (y, x) => [last - y, last - x],
      270: (y, x) => [last - x, y],
      [-90]: (y, x) => [last - x, y],
    };
    const angles = Object.keys(sources).map(Number);
    const images = patternBatch([angles.length, size, size, 2], (_, y, x, c) => pattern(y, x, c));
    const expected = angles.map((angle) =>
      Array.from({ length: size }, (_, y) =>
        Array.from({ length: size }, (_, x) => [0, 1].map((c) => pattern(...sources[angle]!(y, x), c))),
      ),
    );
    for (const interpolation of ['nearest', 'bilinear'] as const) {
      const out = rotateBatch(images, angles, { interpolation, border: 'constant', fill: [0, 0] });
      await expectAllClose(out, expected, { atol: 1e-4, label: interpolation });
      out.dispose();
    }
    images.dispose();
  });

  it('matches a per-pixel loop at 30° (bilinear, constant) and −50° (nearest, reflect)', async () => {
    const [height, width] = [5, 7];
    const images = noiseBatch([2, height, width, 1], 9);
    const data = await images.data();
    const cases = [
      { angle: 30, interpolation: 'bilinear', border: 'constant', fill: 0.5 },
      { angle: -50, interpolation: 'nearest', border: 'reflect', fill: 0 },
    ] as const;
    for (const { angle, interpolation, border, fill } of cases) {
      const out = rotateBatch(images, [angle, angle / 3], { interpolation, border, fill: [fill] });
      const expected = [angle, angle / 3].flatMap((degrees, n) => {
        const [cos, sin] = [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)];
        const [cx, cy] = [(width - 1) / 2, (height - 1) / 2];
        // Content turning counter-clockwise on screen (y down) means reading each pixel from the point turned the other way.
        const source = (x: number, y: number): [number, number] => [
          cx + cos * (x - cx) - sin * (y - cy),
          cy + sin * (x - cx) + cos * (y - cy),
        ];
        const image = data.subarray(n * height * width, (n + 1) * height * width);
        return Array.from(
          referenceSample(image, [height, width, 1], [height, width], source, {
            interpolation,
            border,
            fill,
          }),
        );
      });
      await expectAllClose(out, expected, { atol: 1e-5, label: `${angle}°` });
      out.dispose();
    }
    images.dispose();
  });

  it('keeps images unrotated at p = 0 and leaves no tensors behind', async () => {
    const images = noiseBatch([3, 4, 5, 3]);
    await expectNoLeaks(async () => {
      const out = rotate({ limit: 30, p: 0 }).apply(images, createRng(1));
      await expectAllClose(out, images, { atol: 0 });
      tf.dispose([out, rotate({ limit: 10, border: 'reflect', p: 1 }).apply(images, createRng(2))]);
    });
    images.dispose();
  });
});

describeBackends(
  'rotate statistics',
  () => {
    it('draws angles uniformly in [−limit, limit], for a share p of the images', async () => {
      // Bilinear sampling of a linear ramp is exact, so the ramp x − 2 read back at (3, 2) and
      // (2, 3) of a 5×5 image gives cos θ and −sin θ of each image's angle.
      const n = 2000;
      const images = patternBatch([n, 5, 5, 1], (_, __, x) => x - 2);
      const out = rotate({ limit: 20, p: 0.6 }).apply(images, createRng(12));
      const { at } = await readBatch(out);
      const angles = Array.from(
        { length: n },
        (_, i) => (Math.atan2(-at(i, 3, 2), at(i, 2, 3)) * 180) / Math.PI,
      );
      const rotated = angles.filter((a) => Math.abs(a) > 1e-3);
      expect(Math.abs(rotated.length / n - 0.6)).toBeLessThan(0.04);
      expect(Math.max(...rotated.map(Math.abs))).toBeLessThanOrEqual(20 + 1e-3);
      // Ten equal bins over [−20, 20]: χ² with 9 degrees of freedom, 27.9 at 99.9%.
      const counts = new Array(10).fill(0);
      for (const a of rotated) counts[Math.min(9, Math.floor((a + 20) / 4))]++;
      const expected = rotated.length / 10;
      expect(counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0)).toBeLessThan(27.9);
      tf.dispose([images, out]);
    });
  },
  { backends: ['cpu'] },
);

describe('rotate arguments', () => {
  it('rejects negative limits, unknown modes and p outside [0, 1]', () => {
    expect(() => rotate({ limit: -5 })).toThrow(
      'Rotate: limit must be >= 0 (a number L means [−L, L]), got -5',
    );
    expect(() => rotate({ limit: [10, -10] })).toThrow(
      /Rotate: limit must be a finite number or \[min, max\] with min <= max/,
    );
    expect(() => rotate({ limit: 5, interpolation: 'cubic' as never })).toThrow(
      "Rotate: interpolation must be one of 'bilinear', 'nearest', got 'cubic'",
    );
    expect(() => rotate({ limit: 5, border: 'wrap' as never })).toThrow(/Rotate: border must be one of/);
    expect(() => rotate({ limit: 5, p: -1 })).toThrow('Rotate: p must be in [0, 1], got -1');
    const images = tf.zeros([2, 3, 3, 1]) as tf.Tensor4D;
    expect(() => rotateBatch(images, [1], { interpolation: 'nearest', border: 'edge', fill: [0] })).toThrow(
      'rotateBatch: need one angle per image (2), got 1',
    );
    images.dispose();
  });
});
