import '@bcos/backend';
import { describeBackends, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { DeviceMetrics } from './device-metrics';
import { summarise } from './metric-totals';

describeBackends('DeviceMetrics', () => {
  it('accumulates loss, accuracy, per-class accuracy and the confusion matrix over batches', async () => {
    const metrics = new DeviceMetrics(3);
    // Batch 1 predicts [0, 1, 1] for labels [0, 1, 2]; batch 2 predicts [2, 0] for labels [2, 2].
    await expectNoLeaks(() => {
      tf.tidy(() => {
        metrics.add(
          tf.scalar(0.5),
          tf.tensor2d([
            [5, 0, 0],
            [0, 5, 0],
            [0, 5, 1],
          ]),
          tf.tensor1d([0, 1, 2], 'int32'),
        );
        metrics.add(
          tf.scalar(2),
          tf.tensor2d([
            [0, 0, 5],
            [5, 0, 0],
          ]),
          tf.tensor1d([2, 2], 'int32'),
        );
      });
    });
    const result = summarise(await metrics.totals(), 3);
    expect(result.count).toBe(5);
    expect(result.loss).toBeCloseTo((0.5 * 3 + 2 * 2) / 5, 6);
    expect(result.accuracy).toBeCloseTo(3 / 5, 6);
    expect(result.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 1],
    ]);
    expect(result.perClassAccuracy).toEqual([1, 1, 1 / 3]);
    expect((await metrics.running()).accuracy).toBeCloseTo(0.6, 6);

    const saved = await metrics.totals();
    metrics.reset();
    expect((await metrics.totals()).count).toBe(0);
    metrics.restore(saved);
    expect(await metrics.totals()).toEqual(saved);
    metrics.dispose();
  });

  it('reports a class without examples as null', () => {
    expect(
      summarise({ lossSum: 1, count: 1, correct: 1, confusion: [1, 0, 0, 0] }, 2).perClassAccuracy,
    ).toEqual([1, null]);
  });
});
