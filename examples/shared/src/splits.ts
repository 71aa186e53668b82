import { type ImageDataset, split, take } from '@bcos/datasets';
import type { Recipe } from './recipe';

export interface Splits {
  train: ImageDataset;
  val?: ImageDataset;
  test: ImageDataset;
}

function limited(dataset: ImageDataset, limit: number | undefined): ImageDataset {
  return limit !== undefined && limit < dataset.size ? take(dataset, limit) : dataset;
}

/**
 * The splits a recipe trains on: each cut to its limit, and a validation share held out of the
 * training images when the dataset has no validation split of its own.
 */
export function recipeSplits(splits: Splits, data: Recipe['data'], seed: number): Splits {
  let train = limited(splits.train, data.trainLimit);
  let val = splits.val;
  const heldOut = val ? 0 : Math.round(train.size * data.valFraction);
  if (heldOut > 0)
    [train, val] = split(train, [train.size - heldOut, heldOut], { seed }) as [ImageDataset, ImageDataset];
  const result: Splits = { train, test: limited(splits.test, data.testLimit) };
  if (val) result.val = limited(val, data.valLimit);
  return result;
}
