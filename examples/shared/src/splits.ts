import type { ImageDataset } from '@bcos/datasets';
import { type LoadedData, loadDatasets, type RunConfig } from '@bcos/train';

/** The datasets of an example's run: it always has a test split to measure and report on. */
export interface Splits extends LoadedData {
  test: ImageDataset;
}

/** The datasets a recipe's run config names, as @bcos/train loads them (limits, validation share). */
export async function loadRecipeData(config: RunConfig): Promise<Splits> {
  const { train, val, test } = await loadDatasets(config.data, config.seed);
  if (!test)
    throw new Error(`data.format ${config.data.format} has no test split for the example to measure`);
  return { train, ...(val ? { val } : {}), test };
}
