import { summary } from '@bcos/resnet';
import {
  type EpochRecord,
  type ProgressStream,
  type RunConfig,
  type RunTrainingResult,
  runTraining,
  type TrainCallbacks,
} from '@bcos/train';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type RunResults, splitResult, writeResults } from './results';
import type { Splits } from './splits';

export interface RunRecipeOptions {
  /** The recipe's run config (`recipeRunConfig`); its `out` receives model/, checkpoints/, log.jsonl, report/, results.json. */
  config: RunConfig;
  /** Its datasets (`loadRecipeData`). */
  data: Splits;
  title: string;
  /** The backend's name, recorded in results.json. */
  backend: string;
  callbacks?: TrainCallbacks;
  /** Training progress (default stdout); null for none. */
  progress?: ProgressStream | null;
  /** Print the model summary before training (default true). */
  printSummary?: boolean;
}

export interface RecipeRun {
  model: LayersModel;
  history: EpochRecord[];
  results: RunResults;
  resultsFile: string;
}

function recipeResults(run: RunTrainingResult, options: RunRecipeOptions, seconds: number): RunResults {
  const { history, data, paths } = run;
  const { classNames } = data.train;
  const last = history.at(-1)!;
  return {
    title: options.title,
    dataset: data.train.name,
    model: run.model.name,
    trainableParameters: summary(run.model).trainable,
    backend: options.backend,
    epochs: history.length,
    trainImages: data.train.size,
    train: splitResult(last.train, classNames),
    ...(last.val ? { val: splitResult(last.val, classNames) } : {}),
    // Runs with a test split always measure it.
    test: splitResult(run.test!, classNames),
    epochSeconds: history.map((record) => record.seconds),
    seconds,
    ...(paths.report ? { report: paths.report } : {}),
    modelDir: paths.model,
  };
}

/**
 * Runs the recipe with @bcos/train's `runTraining` (model, checkpoints, log, report on the test
 * split) and writes results.json.
 */
export async function runRecipe(options: RunRecipeOptions): Promise<RecipeRun> {
  const started = performance.now();
  const { config, data, title, callbacks, progress, printSummary } = options;
  const run = await runTraining(config, { data, title, callbacks, progress, printSummary });
  const results = recipeResults(run, options, (performance.now() - started) / 1000);
  return {
    model: run.model,
    history: run.history,
    results,
    resultsFile: await writeResults(run.paths.out, results),
  };
}
