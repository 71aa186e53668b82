import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { normalize } from './normalize';
import { toFloat } from './to-float';

describeBackends('toFloat and normalize', () => {
  it('turns int32 0..255 into float32 [0, 1], then (x − mean) / std per channel', async () => {
    const bytes = tf.tensor4d([0, 51, 255, 102, 204, 153], [1, 1, 2, 3], 'int32');
    await expectNoLeaks(async () => {
      const floats = toFloat().apply(bytes, createRng(1));
      expect(floats.dtype).toBe('float32');
      await expectAllClose(floats, [0, 0.2, 1, 0.4, 0.8, 0.6], { atol: 1e-7 });
      const normalized = normalize({ mean: [0.5, 0.25, 0], std: [0.5, 0.25, 2] }).apply(floats, createRng(1));
      await expectAllClose(normalized, [-1, -0.2, 0.5, -0.2, 2.2, 0.3], { atol: 1e-6 });
      const scalar = normalize({ mean: 0.5, std: 0.25 }).apply(floats, createRng(1));
      await expectAllClose(scalar, [-2, -1.2, 2, -0.4, 1.2, 0.4], { atol: 1e-6 });
      tf.dispose([floats, normalized, scalar]);
    });
    bytes.dispose();
  });
});

describe('toFloat and normalize arguments', () => {
  it('rejects zero or negative std, mismatched channels and bad maxValue', () => {
    expect(() => normalize({ mean: [0.5], std: [0] })).toThrow(
      'Normalize: std must be numbers > 0, one or one per channel, got [0]',
    );
    expect(() => normalize({ mean: [], std: 1 })).toThrow(/Normalize: mean must be finite numbers/);
    const images = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
    expect(() => normalize({ mean: [0, 0], std: 1 }).apply(images, createRng(1))).toThrow(
      'Normalize: mean has 2 values but the batch has 3 channels',
    );
    expect(() => toFloat({ maxValue: 0 })).toThrow('ToFloat: maxValue must be a number > 0, got 0');
    const flat = tf.zeros([4, 3]);
    expect(() => toFloat().apply(flat as tf.Tensor4D, createRng(1))).toThrow(
      'ToFloat: batch must be rank 4 [N, H, W, C], got shape [4, 3]',
    );
    tf.dispose([images, flat]);
  });
});
