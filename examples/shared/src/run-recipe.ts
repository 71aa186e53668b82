import { join } from 'node:path';
import type { CamMethodName } from '@bcos/gradcam';
import { summary } from '@bcos/resnet';
import {
  detectEncoding,
  type EpochRecord,
  evaluate,
  type PhaseMetrics,
  type ProgressStream,
  saveModel,
  type TrainCallbacks,
  train,
  writeModelInfo,
  writeReport,
} from '@bcos/train';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { buildModel } from './build-model';
import type { Recipe } from './recipe';
import { type RunResults, splitResult, writeResults } from './results';
import type { Splits } from './splits';
import { recipeTransforms } from './transforms';

export interface RunRecipeOptions {
  recipe: Recipe;
  data: Splits;
  /** Output folder: model/, checkpoints/, log.jsonl, report/, results.json. */
  out: string;
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

async function finalTest(
  model: LayersModel,
  options: RunRecipeOptions,
  history: readonly EpochRecord[],
  evaluation: Parameters<typeof evaluate>[2],
): Promise<PhaseMetrics> {
  const last = history.at(-1)?.test;
  if (last) return last;
  return (await evaluate(model, options.data.test, evaluation)).metrics;
}

/**
 * Trains the recipe's model on the splits and writes what a run leaves behind: the model
 * (weights + bcos-model.json for bcos-explain / bcos-eval), checkpoints, the JSONL log, the report
 * of @bcos/train on the test split, and results.json.
 */
export async function runRecipe(options: RunRecipeOptions): Promise<RecipeRun> {
  const started = performance.now();
  const { recipe, data, out } = options;
  const { classNames, imageShape } = data.train;
  const model = buildModel(recipe, imageShape, classNames.length);
  const encoding = detectEncoding(model, imageShape);
  const { augment, evalTransform, normalize } = recipeTransforms(recipe, encoding);
  const loss = recipe.loss ?? (encoding === 'bcos' ? 'bce' : 'crossentropy');
  const { history } = await train({
    model,
    data: { train: data.train, val: data.val, test: recipe.testEachEpoch ? data.test : undefined },
    loss,
    optimizer: recipe.optimizer,
    epochs: recipe.epochs,
    batchSize: recipe.batchSize,
    augment,
    evalTransform,
    schedule: recipe.schedule,
    clip: recipe.clip,
    earlyStopping: recipe.earlyStopping,
    bestModel: recipe.bestModel,
    checkpointDir: join(out, 'checkpoints'),
    checkpointEverySteps: recipe.checkpointEverySteps,
    seed: recipe.seed,
    logFile: join(out, 'log.jsonl'),
    callbacks: options.callbacks,
    progress: options.progress,
    printSummary: options.printSummary,
  });
  const modelDir = join(out, 'model');
  await saveModel(model, modelDir);
  await writeModelInfo(modelDir, {
    classNames: [...classNames],
    imageShape: [...imageShape],
    encoding,
    loss,
    ...(normalize ? { normalize } : {}),
  });
  const evaluation = { batchSize: recipe.batchSize, loss, input: { evalTransform, encoding } };
  const test = await finalTest(model, options, history, evaluation);
  const report = recipe.report.enabled
    ? await writeReport({
        directory: join(out, 'report'),
        title: options.title,
        model,
        dataset: data.test,
        history,
        loss,
        evalTransform,
        batchSize: recipe.batchSize,
        misclassified: recipe.report.misclassified,
        correct: recipe.report.correct,
        gradcam: { method: recipe.report.gradcamMethod as CamMethodName, layer: recipe.report.gradcamLayer },
      })
    : undefined;
  const last = history.at(-1)!;
  const results: RunResults = {
    title: options.title,
    dataset: data.train.name,
    model: model.name,
    trainableParameters: summary(model).trainable,
    backend: options.backend,
    epochs: history.length,
    trainImages: data.train.size,
    train: splitResult(last.train, classNames),
    ...(last.val ? { val: splitResult(last.val, classNames) } : {}),
    test: splitResult(test, classNames),
    epochSeconds: history.map((record) => record.seconds),
    seconds: (performance.now() - started) / 1000,
    ...(report ? { report: report.index } : {}),
    modelDir,
  };
  return { model, history, results, resultsFile: await writeResults(out, results) };
}
