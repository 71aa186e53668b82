import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { CPU_ONLY } from '../test-backends';
import { fixtureTensor, parityFixture } from '../test-fixture';
import { explanationToRgba } from './explanation-to-rgba';

describeBackends('explanationToRgba parity with B-cos v2 gradient_to_image', () => {
  const reference = parityFixture().gradient_to_image;

  it.each([
    [15, reference.rgba_smooth15],
    [0, reference.rgba_smooth0],
  ])('smooth %i', async (smooth, expected) => {
    const [image6, weights] = [fixtureTensor(reference.image6), fixtureTensor(reference.linear_mapping)];
    const rgba = explanationToRgba(image6, weights, { smooth });
    expect(rgba.shape).toEqual([32, 32, 4]);
    await expectAllClose(rgba, expected as number[], { label: `rgba smooth ${smooth}` });
    tf.dispose([image6, weights, rgba]);
  });

  it('colours each image of a batch on its own percentile', async () => {
    const [image6, weights] = [fixtureTensor(reference.image6), fixtureTensor(reference.linear_mapping)];
    const batch = explanationToRgba(tf.stack([image6, image6]), tf.stack([weights, tf.mul(weights, 5)]));
    await expectAllClose(tf.unstack(batch)[1]!, reference.rgba_smooth15 as number[], {
      label: 'scaled copy',
    });
  });
});

describeBackends(
  'explanationToRgba arguments',
  () => {
    it('rejects an even smoothing window and mismatched shapes', () => {
      const x = tf.zeros([4, 4, 6]);
      expect(() => explanationToRgba(x, x, { smooth: 4 })).toThrow(
        /explanationToRgba: smooth must be 0 or an odd/,
      );
      expect(() => explanationToRgba(x, tf.zeros([4, 4, 3]))).toThrow(/image6 and weights must both be/);
    });
  },
  CPU_ONLY,
);
