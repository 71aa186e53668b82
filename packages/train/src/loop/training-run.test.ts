import '@bcos/backend';
import { describeBackends } from '@bcos/backend/testing';
import { expect, it } from 'vitest';
import { syntheticDataset, tinyConvNet } from '../test-dataset';
import type { EpochRecord } from './epoch-record';
import { TrainingRun } from './training-run';

describeBackends('TrainingRun: its state changes only through its named updates', () => {
  it('moves through the steps and epochs of a run, one way', () => {
    const model = tinyConvNet();
    const run = new TrainingRun({
      model,
      data: { train: syntheticDataset({ size: 12 }) },
      optimizer: { name: 'sgd', lr: 0.1 },
      epochs: 2,
      batchSize: 4,
      progress: null,
      captureSteps: false,
    });
    try {
      expect(run.state).toMatchObject({ epoch: 0, stepInEpoch: 0, step: 0, history: [] });
      run.reachedStep(0, 2, 2, null, null);
      expect(run.state).toMatchObject({ epoch: 0, stepInEpoch: 2, step: 2 });
      run.finishedSteps(0, 3);
      expect(run.state).toMatchObject({ epoch: 0, stepInEpoch: 0, step: 3, rng: null, totals: null });
      const record = { epoch: 1, steps: 3 } as EpochRecord;
      run.recordEpoch(record);
      expect(run.state).toMatchObject({ epoch: 1, step: 3, history: [record] });
      // @ts-expect-error the state is read-only outside TrainingRun (typecheck fails if it is assignable)
      expect(() => (run.state = { ...run.state, epoch: 5 })).toThrow(TypeError);
    } finally {
      run.dispose();
      model.dispose();
    }
  });
});
