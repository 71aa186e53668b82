import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { contributionMapPicture } from './contribution-map-picture';

describeBackends('contributionMapPicture', () => {
  it('maps ± the clipped maximum to blue and red, zero to transparent white', async () => {
    // −100…99: the 99.5th percentile of |c| is 99 + 0.005·(100 − 99) (numpy interpolation); −100 is clipped.
    const values = Array.from({ length: 200 }, (_, i) => i - 100);
    const cutoff = 99.005;
    const picture = contributionMapPicture(tf.tensor2d(values, [1, 200]));
    expect(picture.shape).toEqual([1, 200, 4]);
    const pixels = (await picture.array()) as number[][][];
    const [most, zero, least] = [pixels[0]![199]!, pixels[0]![100]!, pixels[0]![0]!];
    await expectAllClose(most, [1, 0, 0, 1], { label: 'largest contribution' });
    await expectAllClose(zero, [1, 1, 1, 0], { label: 'zero contribution' });
    await expectAllClose(least, [0, 0, 1, 1], { label: 'most negative contribution' });
    const half = 50 / cutoff;
    await expectAllClose(pixels[0]![150]!, [1, 1 - half, 1 - half, half], { label: 'half red' });
  });

  it('scales each map of a batch by its own range', async () => {
    const map = tf.randomNormal([5, 6], 0, 1, 'float32', 4);
    const together = contributionMapPicture(tf.stack([map, tf.mul(map, 10)]));
    await expectAllClose(tf.unstack(together)[1]!, contributionMapPicture(map), { label: 'scaled map' });
    expect(() => contributionMapPicture(tf.zeros([4]))).toThrow(
      /contributionMapPicture: contributions must be/,
    );
    expect(() => contributionMapPicture(map, { percentile: 120 })).toThrow(
      /percentile must be in \[0, 100\]/,
    );
  });
});
