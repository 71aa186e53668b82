import { join, resolve } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { saveModel } from '../checkpoint/model-weights';
import type { ProgressStream } from '../logging/progress';
import type { EpochRecord } from '../loop/epoch-record';
import { type Evaluation, evaluate } from '../loop/evaluate';
import { train } from '../loop/train';
import type { TrainCallbacks } from '../loop/train-options';
import type { PhaseMetrics } from '../metrics/metric-totals';
import { writeReport } from '../report/write-report';
import { buildModel } from './build-model';
import type { RunConfig } from './config-schema';
import { type LoadedData, loadDatasets } from './load-datasets';
import { writeModelInfo } from './model-info';
import { planRun, type RunPlan } from './run-plan';

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

interface Run extends RunPlan {
  config: RunConfig;
  data: LoadedData;
  model: LayersModel;
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
    inputEncoding: run.encoding,
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

/** The report on the evaluated split, from the run's final evaluation (the model runs again only to explain). */
function writeRunReport(run: Run, history: EpochRecord[], evaluation: Evaluation, title: string | undefined) {
  const { config } = run;
  return writeReport({
    directory: join(run.paths.out, 'report'),
    title,
    model: run.model,
    dataset: run.evaluated,
    evaluation,
    history,
    loss: run.loss,
    evalTransform: run.transforms.evalTransform,
    inputEncoding: run.encoding,
    batchSize: config.batchSize,
    first: config.report.first,
    misclassified: config.report.misclassified,
    correct: config.report.correct,
    gradcam: { method: config.report.gradcamMethod, layer: config.report.gradcamLayer },
  });
}

/**
 * The trained model on the evaluated split, once, for the report (with every prediction) and the
 * test metrics; none when there is no report and the last epoch measured the test split already.
 */
async function finalEvaluation(run: Run, history: readonly EpochRecord[]): Promise<Evaluation | undefined> {
  const withReport = run.config.report.enabled;
  if (!withReport && (!run.data.test || history.at(-1)?.test)) return undefined;
  return evaluate(run.model, run.evaluated, {
    batchSize: run.config.batchSize,
    loss: run.loss,
    input: { evalTransform: run.transforms.evalTransform, encoding: run.encoding },
    predictions: withReport,
  });
}

async function completeRun(run: Run, options: RunTrainingOptions): Promise<RunTrainingResult> {
  const history = await trainModel(run, options);
  await saveTrainedModel(run);
  const evaluation = await finalEvaluation(run, history);
  const report =
    run.config.report.enabled && evaluation
      ? await writeRunReport(run, history, evaluation, options.title)
      : undefined;
  // With a test split, it is the evaluated one; the last epoch's measurement comes first.
  const test = run.data.test ? (history.at(-1)?.test ?? evaluation?.metrics) : undefined;
  return {
    model: run.model,
    history,
    data: run.data,
    test,
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
    const plan = planRun(config, model, data);
    return await completeRun({ config, data, model, ...plan, paths: runPaths(config.out) }, options);
  } catch (error) {
    model.dispose();
    throw error;
  }
}
