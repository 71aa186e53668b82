import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { noiseBatch } from '../test-support';
import { colorJitter } from './color-jitter';

type Step = ['brightness' | 'contrast' | 'saturation', number];

/** torchvision's adjust_brightness / adjust_contrast / adjust_saturation on one RGB image, in order. */
function reference(pixels: ArrayLike<number>, steps: Step[]): number[] {
  let image = Array.from(pixels);
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const grey = (img: number[], p: number) =>
    0.2989 * img[3 * p]! + 0.587 * img[3 * p + 1]! + 0.114 * img[3 * p + 2]!;
  for (const [adjustment, factor] of steps) {
    const pixelsCount = image.length / 3;
    const greys = Array.from({ length: pixelsCount }, (_, p) => grey(image, p));
    const meanGrey = greys.reduce((a, b) => a + b, 0) / pixelsCount;
    image = image.map((v, i) => {
      const target =
        adjustment === 'brightness' ? 0 : adjustment === 'contrast' ? meanGrey : greys[Math.floor(i / 3)]!;
      return clamp(factor * v + (1 - factor) * target);
    });
  }
  return image;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describeBackends('colorJitter', () => {
  it('matches torchvision for each adjustment at a fixed factor', async () => {
    const images = noiseBatch([2, 3, 4, 3], 4);
    const data = await images.data();
    const cases: Array<[Parameters<typeof colorJitter>[0], Step]> = [
      [{ brightness: [1.6, 1.6] }, ['brightness', 1.6]],
      [{ contrast: [0.4, 0.4] }, ['contrast', 0.4]],
      [{ saturation: [2.5, 2.5] }, ['saturation', 2.5]],
    ];
    for (const [options, step] of cases) {
      const out = colorJitter(options).apply(images, createRng(1));
      const expected = [0, 1].flatMap((n) => reference(data.subarray(n * 36, n * 36 + 36), [step]));
      await expectAllClose(out, expected, { atol: 1e-5, label: step[0] });
      out.dispose();
    }
    images.dispose();
  });

  it('applies the three in an order drawn per image, without leaks', async () => {
    const n = 12;
    const images = noiseBatch([n, 2, 2, 3], 6);
    const data = await images.data();
    const factors: Step[] = [
      ['brightness', 1.5],
      ['contrast', 0.3],
      ['saturation', 1.8],
    ];
    const transform = colorJitter({ brightness: [1.5, 1.5], contrast: [0.3, 0.3], saturation: [1.8, 1.8] });
    await expectNoLeaks(async () => {
      const out = transform.apply(images, createRng(3));
      const values = await out.data();
      const ordersSeen = new Set<number>();
      const orders = permutations(factors);
      for (let i = 0; i < n; i++) {
        const actual = Array.from(values.subarray(i * 12, i * 12 + 12));
        const match = orders.findIndex((order) =>
          reference(data.subarray(i * 12, i * 12 + 12), order).every(
            (v, k) => Math.abs(v - actual[k]!) < 1e-5,
          ),
        );
        expect(match, `image ${i} matches no order`).toBeGreaterThanOrEqual(0);
        ordersSeen.add(match);
      }
      expect(ordersSeen.size).toBeGreaterThan(2);
      out.dispose();
    });
    images.dispose();
  });
});

describe('colorJitter arguments', () => {
  it('rejects negative strengths, reversed ranges and images that are not grey or RGB', () => {
    expect(() => colorJitter({ brightness: -0.1 })).toThrow(
      'ColorJitter: brightness must be a number >= 0 or a factor range [min, max] with 0 <= min <= max, got -0.1',
    );
    expect(() => colorJitter({ contrast: [2, 1] })).toThrow(/ColorJitter: contrast must be/);
    const images = tf.zeros([1, 2, 2, 2]) as tf.Tensor4D;
    expect(() => colorJitter({ saturation: 0.5 }).apply(images, createRng(1))).toThrow(
      'ColorJitter: images must have 1 or 3 channels, got 2',
    );
    images.dispose();
  });
});
