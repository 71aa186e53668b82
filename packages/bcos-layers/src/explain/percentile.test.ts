import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { rowPercentile } from './percentile';

/** numpy.percentile (linear) written out. */
function numpyPercentile(values: number[], percent: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (percent / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

describeBackends('rowPercentile', () => {
  it.each([0, 37.5, 50, 99.5, 100])('matches numpy linear interpolation at %f', async (percent) => {
    const rows = tf.randomNormal([3, 97], 0, 1, 'float32', 6) as tf.Tensor2D;
    const values = (await rows.array()) as number[][];
    await expectAllClose(
      rowPercentile(rows, percent),
      values.map((row) => numpyPercentile(row, percent)),
      { label: `percentile ${percent}` },
    );
  });

  it('handles a single value and rejects percentiles outside [0, 100]', async () => {
    await expectAllClose(rowPercentile(tf.tensor2d([[4]]), 99.5), [4]);
    expect(() => rowPercentile(tf.zeros([1, 3]) as tf.Tensor2D, -1, 'explain')).toThrow(
      /explain: percentile must be/,
    );
  });
});
