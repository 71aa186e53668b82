import type { DataConfig, RunConfig } from '@bcos/train';
import type { Recipe } from './recipe';

type Limits = 'valFraction' | 'trainLimit' | 'valLimit' | 'testLimit';

/** Where an example's images come from: a run config's data section without the recipe's share and limits. */
export type DataSource = DataConfig extends infer Data
  ? Data extends unknown
    ? Omit<Data, Limits>
    : never
  : never;

/** The bcos-train run config of a recipe: its data from the example (flags, generated data), written to `out`. */
export function recipeRunConfig(recipe: Recipe, source: DataSource, out: string): RunConfig {
  const { valFraction, trainLimit, valLimit, testLimit } = recipe.data;
  return { ...recipe, data: { ...source, valFraction, trainLimit, valLimit, testLimit }, out };
}
