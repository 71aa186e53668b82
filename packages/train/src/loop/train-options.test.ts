import { initBackend } from '@bcos/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticDataset, tinyConvNet } from '../test-dataset';
import { type TrainOptions, validateTrainOptions } from './train-options';

describe('train options', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
  });
  const options = (extra: Partial<TrainOptions>): TrainOptions => ({
    model: tinyConvNet(),
    data: { train: syntheticDataset({ size: 8 }) },
    optimizer: { name: 'sgd', lr: 0.1 },
    epochs: 1,
    batchSize: 4,
    ...extra,
  });

  it('refuses, before any training, a monitor of a metric the run does not record', () => {
    expect(() =>
      validateTrainOptions(options({ earlyStopping: { monitor: 'val.loss', patience: 1 } })),
    ).toThrow(
      "train: earlyStopping.monitor 'val.loss' is not a metric this run records (train.loss, train.accuracy)",
    );
    expect(() =>
      validateTrainOptions(options({ checkpointDir: 'x', bestModel: { monitor: 'train.acuracy' } })),
    ).toThrow(/bestModel.monitor 'train.acuracy'/);
    expect(() =>
      validateTrainOptions(options({ schedule: { name: 'reduceLROnPlateau', monitor: 'test.loss' } })),
    ).toThrow(/schedule.monitor 'test.loss'/);
    const withVal = { train: syntheticDataset({ size: 8 }), val: syntheticDataset({ size: 4 }) };
    expect(() =>
      validateTrainOptions(options({ data: withVal, earlyStopping: { monitor: 'val.loss', patience: 1 } })),
    ).not.toThrow();
  });
});
