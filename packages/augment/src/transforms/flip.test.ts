import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { patternBatch, readBatch } from '../test-support';
import { flipBatch, horizontalFlip, verticalFlip } from './flip';

describeBackends('flips', () => {
  it('mirrors exactly the images whose flag is set', async () => {
    // Image n: 10·n + (1 2 / 3 4).
    const images = patternBatch([3, 2, 2, 1], (n, y, x) => 10 * n + 2 * y + x + 1);
    const horizontal = flipBatch(images, [true, false, true], 'horizontal');
    const vertical = flipBatch(images, [false, true, false], 'vertical');
    await expectAllClose(horizontal, [2, 1, 4, 3, 11, 12, 13, 14, 22, 21, 24, 23], { atol: 0 });
    await expectAllClose(vertical, [1, 2, 3, 4, 13, 14, 11, 12, 21, 22, 23, 24], { atol: 0 });
    tf.dispose([images, horizontal, vertical]);
  });

  it('flips every image at p = 1, none at p = 0, without leaks', async () => {
    const images = patternBatch([4, 1, 3, 2], (n, _, x, c) => n + x + 10 * c);
    const mirrored = tf.reverse(images, 2);
    await expectNoLeaks(async () => {
      const all = horizontalFlip({ p: 1 }).apply(images, createRng(1));
      const none = verticalFlip({ p: 0 }).apply(images, createRng(1));
      await expectAllClose(all, mirrored, { atol: 0 });
      await expectAllClose(none, images, { atol: 0 });
      tf.dispose([all, none]);
    });
    tf.dispose([images, mirrored]);
  });
});

describeBackends(
  'flip statistics',
  () => {
    it('flips a share p of the images', async () => {
      const n = 4000;
      const images = patternBatch([n, 1, 2, 1], (_, __, x) => x);
      for (const p of [0.5, 0.2]) {
        const out = horizontalFlip({ p }).apply(images, createRng(3));
        const { at } = await readBatch(out);
        const flipped = Array.from({ length: n }, (_, i) => at(i, 0, 0) === 1).filter(Boolean).length;
        // Standard error ≤ √(0.25 / 4000) ≈ 0.008.
        expect(Math.abs(flipped / n - p)).toBeLessThan(0.035);
        out.dispose();
      }
      images.dispose();
    });
  },
  { backends: ['cpu'] },
);

describe('flip arguments', () => {
  it('rejects p outside [0, 1] and a wrong number of flags', () => {
    expect(() => horizontalFlip({ p: 1.5 })).toThrow('HorizontalFlip: p must be in [0, 1], got 1.5');
    expect(() => verticalFlip({ p: -0.1 })).toThrow('VerticalFlip: p must be in [0, 1], got -0.1');
    const images = tf.zeros([2, 2, 2, 1]) as tf.Tensor4D;
    expect(() => flipBatch(images, [true], 'horizontal')).toThrow(
      'flipBatch: need one flag per image (2), got 1',
    );
    images.dispose();
  });
});
