import { createRng, type Rng } from '@bcos/augment';
import { captureStep } from '@bcos/backend';
import { summary } from '@bcos/resnet';
import type * as tf from '@tensorflow/tfjs-core';
import { BestModelTracker } from '../callbacks/best-model';
import { EarlyStopping } from '../callbacks/early-stopping';
import { CheckpointStore } from '../checkpoint/checkpoint-store';
import type { VariableNames } from '../checkpoint/optimizer-state';
import { JsonlLog } from '../logging/jsonl-log';
import { Progress } from '../logging/progress';
import { defaultLoss, type LossFunction, lossFunction } from '../losses/loss';
import { DeviceMetrics } from '../metrics/device-metrics';
import { createOptimizer } from '../optim/create-optimizer';
import type { SlottedOptimizer } from '../optim/slotted-optimizer';
import { constant } from '../schedules/constant';
import { createSchedule } from '../schedules/create-schedule';
import type { LrSchedule, ScheduleContext } from '../schedules/schedule';
import type { EpochRecord } from './epoch-record';
import { FiniteGuard, largestMagnitude } from './finite-guard';
import { detectEncoding, InputPipeline } from './input-pipeline';
import type { CheckpointHealth } from './non-finite-loss-error';
import { checkResumable, freshState, type RunState } from './run-state';
import { type TrainOptions, validateTrainOptions } from './train-options';
import { deviceStep, type StepParts } from './train-step';

function variableNames(options: TrainOptions): { variables: tf.Variable[]; names: VariableNames } {
  const toStable = new Map<string, string>();
  const fromStable = new Map<string, string>();
  const variables = options.model.trainableWeights.map((weight) => {
    const variable = weight.read() as tf.Variable;
    if (fromStable.has(weight.originalName))
      throw new Error(`model ${options.model.name}: two weights are named ${weight.originalName}`);
    toStable.set(variable.name, weight.originalName);
    fromStable.set(weight.originalName, variable.name);
    return variable;
  });
  return { variables, names: { toStable, fromStable } };
}

function scheduleOf(options: TrainOptions): LrSchedule {
  if (!options.schedule) return constant();
  return 'lrAt' in options.schedule ? options.schedule : createSchedule(options.schedule);
}

/** The parts of one training run, built from the options (and restored from a checkpoint when resuming). */
export class TrainingRun {
  readonly seed: number;
  readonly optimizer: SlottedOptimizer;
  readonly schedule: LrSchedule;
  readonly metrics: DeviceMetrics;
  readonly guard: FiniteGuard;
  readonly steps: StepParts;
  readonly names: VariableNames;
  readonly pipeline: InputPipeline;
  readonly progress: Progress;
  readonly log: JsonlLog | undefined;
  readonly store: CheckpointStore<RunState> | undefined;
  readonly earlyStopping: EarlyStopping | undefined;
  readonly best: BestModelTracker | undefined;
  readonly rng: Rng;
  readonly stepsPerEpoch: number;
  readonly lossOf: LossFunction;
  /** Where the run stands: changed only here, through the named updates below (and resume/checkpoint). */
  private current: RunState;
  private latestCheckpoint: string | undefined;

  constructor(readonly options: TrainOptions) {
    validateTrainOptions(options);
    this.seed = options.seed ?? 0;
    this.optimizer = createOptimizer(options.optimizer);
    this.schedule = scheduleOf(options);
    this.metrics = new DeviceMetrics(options.data.train.classNames.length);
    const { variables, names } = variableNames(options);
    this.guard = new FiniteGuard(options.model.weights.map((w) => w.read()));
    this.names = names;
    const encoding =
      !options.inputEncoding || options.inputEncoding === 'auto'
        ? detectEncoding(options.model, options.data.train.imageShape)
        : options.inputEncoding;
    this.lossOf = lossFunction(options.loss ?? defaultLoss(encoding));
    this.steps = {
      model: options.model,
      variables,
      loss: this.lossOf,
      l2: options.optimizer.l2 ?? 0,
      clip: options.clip,
      optimizer: this.optimizer,
      metrics: this.metrics,
      guard: this.guard,
    };
    if (options.captureSteps ?? true)
      this.steps.capture = captureStep(([input, labels, scalars]) =>
        deviceStep(this.steps, input!, labels!, scalars!),
      );
    if (!(this.steps.l2 >= 0)) throw new Error(`optimizer: l2 must be ≥ 0, got ${this.steps.l2}`);
    this.pipeline = new InputPipeline({
      augment: options.augment,
      evalTransform: options.evalTransform,
      encoding,
    });
    this.progress = new Progress(options.progress === undefined ? process.stdout : options.progress);
    this.log = options.logFile ? new JsonlLog(options.logFile) : undefined;
    this.store = options.checkpointDir
      ? new CheckpointStore(options.checkpointDir, options.keepCheckpoints)
      : undefined;
    this.earlyStopping = options.earlyStopping ? new EarlyStopping(options.earlyStopping) : undefined;
    this.best = options.bestModel ? new BestModelTracker(options.bestModel) : undefined;
    this.rng = createRng(this.seed);
    const { size } = options.data.train;
    this.stepsPerEpoch = options.dropLast
      ? Math.floor(size / options.batchSize)
      : Math.ceil(size / options.batchSize);
    this.current = freshState(this.seed, options.batchSize);
  }

  get state(): RunState {
    return this.current;
  }

  get lastCheckpoint(): string | undefined {
    return this.latestCheckpoint;
  }

  /** Mid-epoch, before a checkpoint: the position, the augmentation RNG and the epoch's verified totals. */
  reachedStep(
    epoch: number,
    stepInEpoch: number,
    step: number,
    rng: RunState['rng'],
    totals: RunState['totals'],
  ): void {
    this.current = { ...this.current, epoch, stepInEpoch, step, rng, totals };
  }

  /** The epoch's steps are done: the next checkpoint resumes at its evaluation, not inside it. */
  finishedSteps(epoch: number, step: number): void {
    this.current = { ...this.current, epoch, stepInEpoch: 0, step, rng: null, totals: null };
  }

  /** The epoch is evaluated: its record joins the history and the run moves to the next epoch. */
  recordEpoch(record: EpochRecord): void {
    this.current = { ...this.current, epoch: record.epoch, history: [...this.current.history, record] };
  }

  context(epoch: number, step: number): ScheduleContext {
    const { epochs } = this.options;
    return { baseLr: this.options.optimizer.lr, epoch, step, epochs, steps: epochs * this.stepsPerEpoch };
  }

  /** Cleans up after an interrupted write; restores the latest (or the named) checkpoint when resuming; returns its path. */
  async resume(): Promise<string | undefined> {
    if (!this.store) return undefined;
    const recovered = await this.store.recover();
    if (recovered.length)
      this.progress.line(`cleaned up after an interrupted checkpoint write: ${recovered.join(', ')}`);
    const { resume } = this.options;
    if (!resume) return undefined;
    const latest = typeof resume === 'string' ? await this.store.at(resume) : await this.store.latest();
    if (!latest) throw new Error(await this.store.nothingToResume());
    this.current = checkResumable(latest.state, latest.path, {
      seed: this.seed,
      batchSize: this.options.batchSize,
    });
    await this.store.restore(latest.path, {
      model: this.options.model,
      optimizer: this.optimizer,
      names: this.names,
    });
    if (this.state.schedule !== null) this.schedule.loadState(this.state.schedule);
    if (this.earlyStopping && this.state.earlyStopping) this.earlyStopping.state = this.state.earlyStopping;
    if (this.best && this.state.best) this.best.state = this.state.best;
    this.latestCheckpoint = latest.path;
    return latest.path;
  }

  /** Writes a checkpoint of the current state (whose weights the caller has verified to be finite). */
  async checkpoint(): Promise<void> {
    if (!this.store) return;
    const { totals, history } = this.current;
    this.current = {
      ...this.current,
      schedule: this.schedule.state(),
      best: this.best?.state ?? null,
      earlyStopping: this.earlyStopping?.state ?? null,
      health: {
        trainLoss: totals ? totals.lossSum / totals.count : (history.at(-1)?.train.loss ?? null),
        largestWeight: await largestMagnitude(this.guard.weights),
      },
    };
    this.latestCheckpoint = await this.store.save(
      { model: this.options.model, optimizer: this.optimizer, names: this.names },
      this.current,
      { epoch: this.current.epoch, step: this.current.stepInEpoch },
    );
  }

  /** The checkpoints on disk, oldest first, with their health when they recorded it. */
  async keptCheckpoints(): Promise<CheckpointHealth[]> {
    if (!this.store) return [];
    return (await this.store.list()).map(({ path, state }) => ({
      path,
      trainLoss: state.health?.trainLoss ?? null,
      largestWeight: state.health?.largestWeight ?? null,
    }));
  }

  printSummary(): void {
    if (this.options.printSummary === false) return;
    const { text } = summary(this.options.model);
    this.progress.line(text);
  }

  dispose(): void {
    this.steps.capture?.dispose();
    this.optimizer.dispose();
    this.metrics.dispose();
    this.guard.dispose();
  }
}
