import { rngFromState } from '@bcos/augment';
import * as tf from '@tensorflow/tfjs-core';
import { type PhaseMetrics, summarise } from '../metrics/metric-totals';
import { NonFiniteLossError } from './non-finite-loss-error';
import { trainStep } from './train-step';
import type { TrainingRun } from './training-run';

export interface TrainPhaseResult {
  metrics: PhaseMetrics;
  imagesPerSecond: number;
  lr: number;
}

/**
 * Watches the running loss through asynchronous reads every `every` steps: at most one read is in
 * flight, and the loop never waits for it. A non-finite value is remembered and raised by `check`.
 */
class LossWatch {
  private pending = false;
  private nonFinite: { value: number; step: number } | undefined;
  private checkedStep = 0;

  constructor(
    private readonly run: TrainingRun,
    private readonly epoch: number,
    private readonly every: number,
  ) {}

  afterStep(stepInEpoch: number, images: number, lr: number): void {
    this.run.progress.update({ step: stepInEpoch, images, lr });
    if (stepInEpoch % this.every !== 0 || this.pending) return;
    this.pending = true;
    void this.run.metrics.running().then(
      ({ loss }) => {
        this.pending = false;
        if (!Number.isFinite(loss)) this.nonFinite ??= { value: loss, step: stepInEpoch };
        else this.checkedStep = stepInEpoch;
        this.run.progress.update({ step: stepInEpoch, images, loss, lr });
      },
      () => {
        this.pending = false;
      },
    );
  }

  check(): void {
    if (this.nonFinite) this.fail(this.nonFinite.value, this.nonFinite.step);
  }

  fail(value: number, step: number): never {
    throw new NonFiniteLossError(this.epoch + 1, [this.checkedStep, step], value, this.run.lastCheckpoint);
  }
}

/** Trains one epoch (from a mid-epoch checkpoint's position when resuming) and reads its metrics once. */
export async function trainEpoch(run: TrainingRun, epoch: number): Promise<TrainPhaseResult> {
  const { options, state } = run;
  const resuming = state.epoch === epoch && state.stepInEpoch > 0;
  const rng = resuming && state.rng ? rngFromState(state.rng) : run.rng.fork(epoch);
  run.metrics.reset();
  if (resuming && state.totals) run.metrics.restore(state.totals);
  let stepInEpoch = resuming ? state.stepInEpoch : 0;
  let step = resuming ? state.step : state.step;
  let images = 0;
  let lr = run.schedule.lrAt(run.context(epoch, step));
  const watch = new LossWatch(run, epoch, options.readEverySteps ?? 20);
  const started = performance.now();
  run.progress.start(`epoch ${epoch + 1}/${options.epochs}`, run.stepsPerEpoch);
  const batches = options.data.train.batches({
    batchSize: options.batchSize,
    shuffle: true,
    seed: run.seed,
    epoch,
    dropLast: options.dropLast ?? false,
    skipBatches: stepInEpoch,
  });
  for await (const batch of batches) {
    lr = run.schedule.lrAt(run.context(epoch, step));
    run.optimizer.learningRate = lr;
    try {
      const input = run.pipeline.prepare(batch.images, rng);
      trainStep(run.steps, input, batch.labels);
      input.dispose();
    } finally {
      tf.dispose([batch.images, batch.labels]);
    }
    stepInEpoch += 1;
    step += 1;
    images += batch.indices.length;
    watch.afterStep(stepInEpoch, images, lr);
    watch.check();
    await options.callbacks?.onStep?.({ epoch, stepInEpoch, step });
    if (
      options.checkpointEverySteps &&
      stepInEpoch % options.checkpointEverySteps === 0 &&
      stepInEpoch < run.stepsPerEpoch
    ) {
      const totals = await run.metrics.totals();
      if (!Number.isFinite(totals.lossSum)) watch.fail(totals.lossSum / totals.count, stepInEpoch);
      run.state = { ...run.state, epoch, stepInEpoch, step, rng: rng.state(), totals };
      await run.checkpoint();
    }
  }
  const totals = await run.metrics.totals();
  if (!Number.isFinite(totals.lossSum)) watch.fail(totals.lossSum / totals.count, stepInEpoch);
  run.state = { ...run.state, epoch, stepInEpoch: 0, step, rng: null, totals: null };
  const seconds = (performance.now() - started) / 1000;
  return { metrics: summarise(totals, run.metrics.classes), imagesPerSecond: images / seconds, lr };
}
