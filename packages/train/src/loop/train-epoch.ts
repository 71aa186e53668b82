import { rngFromState } from '@bcos/augment';
import * as tf from '@tensorflow/tfjs-core';
import { type PhaseMetrics, summarise } from '../metrics/metric-totals';
import { DivergenceWatch } from './divergence-watch';
import { trainStep } from './train-step';
import type { TrainingRun } from './training-run';

export interface TrainPhaseResult {
  metrics: PhaseMetrics;
  imagesPerSecond: number;
  lr: number;
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
  const watch = new DivergenceWatch(run, epoch, options.readEverySteps ?? 20);
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
    await watch.check();
    await options.callbacks?.onStep?.({ epoch, stepInEpoch, step });
    if (
      options.checkpointEverySteps &&
      stepInEpoch % options.checkpointEverySteps === 0 &&
      stepInEpoch < run.stepsPerEpoch
    ) {
      const totals = await watch.verified(stepInEpoch);
      run.reachedStep(epoch, stepInEpoch, step, rng.state(), totals);
      await run.checkpoint();
    }
  }
  const totals = await watch.verified(stepInEpoch);
  run.finishedSteps(epoch, step);
  const seconds = (performance.now() - started) / 1000;
  return { metrics: summarise(totals, run.metrics.classes), imagesPerSecond: images / seconds, lr };
}
