import { join, resolve } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { saveModel } from '../checkpoint/model-weights';
import type { ProgressStream } from '../logging/progress';
import type { EpochRecord } from '../loop/epoch-record';
import { evaluate } from '../loop/evaluate';
import { detectEncoding, type InputEncoding } from '../loop/input-pipeline';
import { train } from '../loop/train';
import type { TrainCallbacks } from '../loop/train-options';
import type { LossName } from '../losses/loss';
import type { PhaseMetrics } from '../metrics/metric-totals';
import { writeReport } from '../report/write-report';
import { buildModel } from './build-model';
import type { RunConfig } from './config-schema';
import { type LoadedData, loadDatasets } from './load-datasets';
import { writeModelInfo } from './model-info';
import { type RunTransforms, runTransforms } from './run-transforms';

export interface RunTrainingOptions {
  /** The datasets of `config.data` when already loaded (`loadDatasets`), e.g. to describe them first. */
  data?: LoadedData;
  callbacks?: TrainCallbacks;
  /** Training progress (default process.stdout); null for none. */
  progress?: ProgressStream | null;
  /** Print the model summary before training (default true). */
  printSummary?: boolean;
  /** The report's title (default: "Report: <model name>"). */
  title?: string;
  /** true: continue from the latest checkpoint in `<out>/checkpoints` (an error when there is none); a path: from that checkpoint. */
  resume?: boolean | string;
}

/** What a run writes under `config.out`. */
export interface RunPaths {
  out: string;
  /** The final weights with bcos-model.json, for bcos-explain and bcos-eval. */
  model: string;
  checkpoints: string;
  log: string;
  /** The report's index.html, when the config asks for a report. */
  report?: string;
}

export interface RunTrainingResult {
  /** The trained model; the caller disposes it. */
  model: LayersModel;
  history: EpochRecord[];
  data: LoadedData;
  /** Test-split metrics: the last epoch's with `testEachEpoch`, otherwise the final model's; none without a test split. */
  test?: PhaseMetrics;
  paths: RunPaths;
}

interface Run {
  config: RunConfig;
  data: LoadedData;
  model: LayersModel;
  encoding: InputEncoding;
  loss: LossName;
  transforms: RunTransforms;
  paths: RunPaths;
}

function runPaths(out: string): RunPaths {
  const root = resolve(out);
  return {
    out: root,
    model: join(root, 'model'),
    checkpoints: join(root, 'checkpoints'),
    log: join(root, 'log.jsonl'),
  };
}

async function trainModel(run: Run, options: RunTrainingOptions): Promise<EpochRecord[]> {
  const { config, data } = run;
  const { history } = await train({
    model: run.model,
    data: { train: data.train, val: data.val, test: config.testEachEpoch ? data.test : undefined },
    loss: run.loss,
    optimizer: config.optimizer,
    epochs: config.epochs,
    batchSize: config.batchSize,
    augment: run.transforms.augment,
    evalTransform: run.transforms.evalTransform,
    schedule: config.schedule,
    clip: config.clip,
    earlyStopping: config.earlyStopping,
    bestModel: config.bestModel,
    checkpointDir: run.paths.checkpoints,
    checkpointEverySteps: config.checkpointEverySteps,
    resume: options.resume ?? false,
    seed: config.seed,
    logFile: run.paths.log,
    callbacks: options.callbacks,
    progress: options.progress,
    printSummary: options.printSummary,
  });
  return history;
}

async function saveTrainedModel(run: Run): Promise<void> {
  const { classNames, imageShape } = run.data.train;
  await saveModel(run.model, run.paths.model);
  await writeModelInfo(run.paths.model, {
    classNames: [...classNames],
    imageShape: [...imageShape],
    encoding: run.encoding,
    loss: run.loss,
    ...(run.transforms.normalize ? { normalize: run.transforms.normalize } : {}),
  });
}

/** The report on the test split (or validation, or training split when there is none). */
function writeRunReport(run: Run, history: EpochRecord[], title: string | undefined) {
  const { config, data } = run;
  return writeReport({
    directory: join(run.paths.out, 'report'),
    title,
    model: run.model,
    dataset: data.test ?? data.val ?? data.train,
    history,
    loss: run.loss,
    evalTransform: run.transforms.evalTransform,
    batchSize: config.batchSize,
    first: config.report.first,
    misclassified: config.report.misclassified,
    correct: config.report.correct,
    gradcam: { method: config.report.gradcamMethod, layer: config.report.gradcamLayer },
  });
}

/** The last epoch's test metrics, or the report's when it shows the test split, or evaluated now. */
async function testMetrics(
  run: Run,
  history: readonly EpochRecord[],
  report: { metrics: PhaseMetrics } | undefined,
): Promise<PhaseMetrics | undefined> {
  const { test } = run.data;
  if (!test) return undefined;
  // The report shows the test split whenever there is one.
  const measured = history.at(-1)?.test ?? report?.metrics;
  if (measured) return measured;
  const input = { evalTransform: run.transforms.evalTransform, encoding: run.encoding };
  return (await evaluate(run.model, test, { batchSize: run.config.batchSize, loss: run.loss, input }))
    .metrics;
}

async function completeRun(run: Run, options: RunTrainingOptions): Promise<RunTrainingResult> {
  const history = await trainModel(run, options);
  await saveTrainedModel(run);
  const report = run.config.report.enabled ? await writeRunReport(run, history, options.title) : undefined;
  return {
    model: run.model,
    history,
    data: run.data,
    test: await testMetrics(run, history, report),
    paths: { ...run.paths, ...(report ? { report: report.index } : {}) },
  };
}

/**
 * Runs a validated run config end to end, as `bcos-train` does: loads the data (unless given),
 * builds the model from the seed, picks the transforms and the loss, trains, saves the model with
 * its bcos-model.json, writes the report and measures the test split. Starts no backend.
 */
export async function runTraining(
  config: RunConfig,
  options: RunTrainingOptions = {},
): Promise<RunTrainingResult> {
  const data = options.data ?? (await loadDatasets(config.data, config.seed));
  const { classNames, imageShape } = data.train;
  const model = buildModel(config.model, imageShape, classNames.length, config.seed);
  try {
    const encoding = detectEncoding(model, imageShape);
    const loss = config.loss ?? (encoding === 'bcos' ? 'bce' : 'crossentropy');
    const transforms = runTransforms(config.augment, encoding);
    return await completeRun(
      { config, data, model, encoding, loss, transforms, paths: runPaths(config.out) },
      options,
    );
  } catch (error) {
    model.dispose();
    throw error;
  }
}
