import type { ImageDataset } from '@bcos/datasets';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { detectEncoding, type InputEncoding } from '../loop/input-pipeline';
import { defaultLoss, type LossName } from '../losses/loss';
import type { RunConfig } from './config-schema';
import type { LoadedData } from './load-datasets';
import { type RunTransforms, runTransforms } from './run-transforms';

/**
 * What a run config means for its model and data, worked out once per run and handed to training,
 * saving, the final evaluation and the report.
 */
export interface RunPlan {
  encoding: InputEncoding;
  loss: LossName;
  transforms: RunTransforms;
  /** The split the final evaluation measures and the report shows: test, else validation, else training. */
  evaluated: ImageDataset;
}

export function planRun(config: RunConfig, model: LayersModel, data: LoadedData): RunPlan {
  const encoding = detectEncoding(model, data.train.imageShape);
  return {
    encoding,
    loss: config.loss ?? defaultLoss(encoding),
    transforms: runTransforms(config.augment, encoding),
    evaluated: data.test ?? data.val ?? data.train,
  };
}
