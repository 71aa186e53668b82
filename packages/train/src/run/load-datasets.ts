import { type ImageDataset, split, take } from '@bcos/datasets';
import { hasSplit, readDatasetSplit } from '@bcos/datasets/node';
import type { DataConfig } from './data-config';

export interface LoadedData {
  train: ImageDataset;
  val?: ImageDataset;
  test?: ImageDataset;
}

function limited(dataset: ImageDataset, limit: number | undefined): ImageDataset {
  return limit !== undefined && limit < dataset.size ? take(dataset, limit) : dataset;
}

/** The splits the format comes with, read one after the other. */
async function readSplits(config: DataConfig): Promise<LoadedData> {
  const has = (name: string) => hasSplit(config.format, name);
  return {
    train: await readDatasetSplit(config, 'train'),
    ...(has('valid') ? { val: await readDatasetSplit(config, 'valid') } : {}),
    ...(has('test') ? { test: await readDatasetSplit(config, 'test') } : {}),
  };
}

/**
 * The datasets a data config names: each split cut to its limit, and `valFraction` of the training
 * images held out for validation when the dataset has no validation split of its own.
 */
export async function loadDatasets(config: DataConfig, seed: number): Promise<LoadedData> {
  const splits = await readSplits(config);
  let train = limited(splits.train, config.trainLimit);
  let val = splits.val;
  const heldOut = val ? 0 : Math.round(train.size * config.valFraction);
  if (heldOut > 0)
    [train, val] = split(train, [train.size - heldOut, heldOut], { seed }) as [ImageDataset, ImageDataset];
  const loaded: LoadedData = { train };
  if (val) loaded.val = limited(val, config.valLimit);
  if (splits.test) loaded.test = limited(splits.test, config.testLimit);
  return loaded;
}
