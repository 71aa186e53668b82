import type { Transform } from '@bcos/augment';
import { integer, positiveInteger } from '@bcos/backend';
import type { ImageDataset } from '@bcos/datasets';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { EarlyStoppingOptions } from '../callbacks/early-stopping';
import type { MonitorOptions } from '../callbacks/monitor';
import type { ProgressStream } from '../logging/progress';
import type { LossName } from '../losses/loss';
import type { OptimizerConfig } from '../optim/create-optimizer';
import { type ClipConfig, validateClip } from '../optim/gradient-clipping';
import type { ScheduleConfig } from '../schedules/create-schedule';
import type { LrSchedule } from '../schedules/schedule';
import { type EpochRecord, PHASES } from './epoch-record';
import type { InputEncoding } from './input-pipeline';

export interface TrainData {
  train: ImageDataset;
  val?: ImageDataset;
  test?: ImageDataset;
}

export interface StepInfo {
  /** 0-based epoch and step within it; `step` counts every optimiser step of the run. */
  epoch: number;
  stepInEpoch: number;
  step: number;
}

export interface TrainCallbacks {
  /** After each optimiser step; only host counters, nothing is read from the device. */
  onStep?(info: StepInfo): void | Promise<void>;
  onEpochEnd?(record: EpochRecord): void | Promise<void>;
}

export interface TrainOptions {
  model: LayersModel;
  data: TrainData;
  /**
   * 'crossentropy' (softmax) or 'bce' (sigmoid on one-hot targets, B-cos v2). Default `defaultLoss`
   * of the input encoding: 'bce' for B-cos' 6-channel encoding, else 'crossentropy'.
   */
  loss?: LossName;
  optimizer: OptimizerConfig;
  epochs: number;
  batchSize: number;
  /** Training transform on float32 batches in [0, 1]. */
  augment?: Transform;
  /** Evaluation transform on float32 batches in [0, 1] (e.g. the normalisation inside `augment`). */
  evalTransform?: Transform;
  /** 'auto' (default): B-cos' 6-channel encoding when the model takes 6 channels of 3-channel data. */
  inputEncoding?: 'auto' | InputEncoding;
  /** Default: constant. */
  schedule?: LrSchedule | ScheduleConfig;
  clip?: ClipConfig;
  earlyStopping?: EarlyStoppingOptions;
  /** Save `<checkpointDir>/best` whenever the monitored metric improves; `restore` loads it at the end. */
  bestModel?: MonitorOptions & { restore?: boolean };
  callbacks?: TrainCallbacks;
  /** Checkpoints after every epoch (and every `checkpointEverySteps` steps) when given. */
  checkpointDir?: string;
  checkpointEverySteps?: number;
  /** Checkpoint folders kept (default 2). */
  keepCheckpoints?: number;
  /**
   * true: continue from the latest checkpoint in `checkpointDir` (an error when there is none); a
   * path: continue from that checkpoint folder. Checkpoints are still written to `checkpointDir`.
   */
  resume?: boolean | string;
  /** Seeds data order and augmentation (default 0). */
  seed?: number;
  /** Drop a last partial training batch (default false). */
  dropLast?: boolean;
  /** Steps between asynchronous reads of the running loss (default 20). */
  readEverySteps?: number;
  /** JSON Lines log of the run. */
  logFile?: string;
  /** Progress output (default process.stdout); null for none. */
  progress?: ProgressStream | null;
  /** Print the model summary at the start (default true). */
  printSummary?: boolean;
  /** Evaluation batch size (default batchSize). */
  evalBatchSize?: number;
  /**
   * On webgpu, record the training step once per batch shape and replay it (`captureStep` of
   * @bcos/backend; default true). Other backends always run steps eagerly.
   */
  captureSteps?: boolean;
}

/** Every monitored metric must be one this run records: a typo fails now, not after the first epoch. */
function validateMonitors(options: TrainOptions): void {
  const recorded = PHASES.filter((phase) => options.data[phase]).flatMap((p) => [
    `${p}.loss`,
    `${p}.accuracy`,
  ]);
  const schedule = options.schedule && !('lrAt' in options.schedule) ? options.schedule : undefined;
  const monitors: [string, string | undefined][] = [
    ['earlyStopping.monitor', options.earlyStopping?.monitor],
    ['bestModel.monitor', options.bestModel?.monitor],
    ['schedule.monitor', schedule?.name === 'reduceLROnPlateau' ? schedule.monitor : undefined],
  ];
  for (const [owner, monitor] of monitors)
    if (monitor !== undefined && !recorded.includes(monitor))
      throw new Error(
        `train: ${owner} '${monitor}' is not a metric this run records (${recorded.join(', ')})`,
      );
}

/** Checks the options that the parts themselves do not check, naming the bad one. */
export function validateTrainOptions(options: TrainOptions): void {
  if (!options.model || typeof options.model.apply !== 'function')
    throw new Error('train: model must be a tfjs LayersModel');
  if (!options.data?.train) throw new Error('train: data.train (an ImageDataset) is required');
  for (const phase of ['train', 'val', 'test'] as const) {
    const dataset = options.data[phase];
    if (dataset && dataset.classNames.length !== options.data.train.classNames.length)
      throw new Error(
        `train: data.${phase} (${dataset.name}) has ${dataset.classNames.length} classes, data.train has ${options.data.train.classNames.length}`,
      );
  }
  if (options.data.train.size === 0)
    throw new Error(`train: data.train (${options.data.train.name}) is empty`);
  positiveInteger('train', 'epochs', options.epochs);
  positiveInteger('train', 'batchSize', options.batchSize);
  for (const name of ['evalBatchSize', 'checkpointEverySteps', 'readEverySteps'] as const)
    if (options[name] !== undefined) positiveInteger('train', name, options[name]);
  if (options.seed !== undefined) integer('train', 'seed', options.seed);
  if (options.resume && !options.checkpointDir) throw new Error('train: resume needs checkpointDir');
  if (options.checkpointEverySteps && !options.checkpointDir)
    throw new Error('train: checkpointEverySteps needs checkpointDir');
  if (options.bestModel && !options.checkpointDir)
    throw new Error('train: bestModel needs checkpointDir (the best model is saved there)');
  if (options.clip) validateClip(options.clip);
  validateMonitors(options);
  if (options.dropLast && options.data.train.size < options.batchSize)
    throw new Error(
      `train: dropLast with batchSize ${options.batchSize} leaves no batch of the ${options.data.train.size} training images`,
    );
}
