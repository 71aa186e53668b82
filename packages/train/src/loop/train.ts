import type { CaptureStats } from '@bcos/backend';
import { loadWeightsInto } from '../checkpoint/model-weights';
import { formatNumber, formatPercent } from '../logging/format';
import type { PhaseMetrics } from '../metrics/metric-totals';
import { type EpochRecord, metricValues } from './epoch-record';
import { evaluate } from './evaluate';
import { NonFiniteLossError } from './non-finite-loss-error';
import { trainEpoch } from './train-epoch';
import type { TrainOptions } from './train-options';
import { TrainingRun } from './training-run';

export interface TrainResult {
  history: EpochRecord[];
  stopReason: 'completed' | 'earlyStopping';
  /** The best epoch (1-based) and its monitored value, when `bestModel` is set. */
  best?: { epoch: number; value: number; path: string };
  lastCheckpoint?: string;
  /** Recordings and replays of the captured training step (present unless `captureSteps: false`). */
  stepCapture?: CaptureStats;
}

async function evaluatePhase(run: TrainingRun, phase: 'val' | 'test'): Promise<PhaseMetrics | undefined> {
  const dataset = run.options.data[phase];
  if (!dataset) return undefined;
  const { metrics } = await evaluate(run.options.model, dataset, {
    batchSize: run.options.evalBatchSize ?? run.options.batchSize,
    loss: run.options.loss,
    input: { evalTransform: run.options.evalTransform, encoding: run.pipeline.encoding },
  });
  return metrics;
}

function epochLine(record: EpochRecord, epochs: number): string {
  const phase = (name: string, m: PhaseMetrics | undefined) =>
    m ? `${name} loss ${formatNumber(m.loss)} acc ${formatPercent(m.accuracy)}` : '';
  return [
    `epoch ${record.epoch}/${epochs}`,
    phase('train', record.train),
    phase('val', record.val),
    phase('test', record.test),
    `${record.imagesPerSecond.toFixed(1)} img/s`,
    `lr ${record.lr.toExponential(2)}`,
    `${record.seconds.toFixed(1)} s`,
  ]
    .filter(Boolean)
    .join('  ');
}

async function runEpoch(run: TrainingRun, epoch: number): Promise<EpochRecord> {
  const started = performance.now();
  const trained = await trainEpoch(run, epoch);
  const record: EpochRecord = {
    epoch: epoch + 1,
    lr: trained.lr,
    train: trained.metrics,
    imagesPerSecond: trained.imagesPerSecond,
    seconds: 0,
    steps: run.state.step,
  };
  const [val, test] = [await evaluatePhase(run, 'val'), await evaluatePhase(run, 'test')];
  if (val) record.val = val;
  if (test) record.test = test;
  record.seconds = (performance.now() - started) / 1000;
  run.progress.finish(epochLine(record, run.options.epochs));
  return record;
}

/** Schedules, best model, early stopping, log and checkpoint after an epoch; true when training should stop. */
async function afterEpoch(run: TrainingRun, record: EpochRecord, epoch: number): Promise<boolean> {
  const values = metricValues(record);
  run.schedule.endEpoch?.(values, run.context(epoch, run.state.step));
  run.recordEpoch(record);
  if (run.best?.update(values, record.epoch) && run.store) {
    await run.store.saveModelAs('best', run.options.model, {
      epoch: record.epoch,
      [run.best.monitor]: run.best.state.best,
    });
  }
  const stop = run.earlyStopping?.update(values) ?? false;
  await run.log?.write('epoch', { ...record });
  await run.checkpoint();
  await run.options.callbacks?.onEpochEnd?.(record);
  if (stop) run.progress.line(`early stopping: ${run.earlyStopping!.describe()}`);
  return stop;
}

async function finish(run: TrainingRun, stopReason: TrainResult['stopReason']): Promise<TrainResult> {
  const result: TrainResult = { history: run.state.history, stopReason, lastCheckpoint: run.lastCheckpoint };
  if (run.steps.capture) result.stepCapture = run.steps.capture.stats;
  const best = run.best?.state;
  if (run.best && run.store && best?.epoch != null && best.best != null) {
    result.best = { epoch: best.epoch, value: best.best, path: `${run.store.directory}/best` };
    if (run.options.bestModel?.restore) await loadWeightsInto(run.options.model, result.best.path);
  }
  await run.log?.write('end', { stopReason, best: result.best ?? null, epochs: result.history.length });
  return result;
}

/**
 * Trains `model` with its own loop (see the package README): per-step work stays on the device,
 * metrics are read back asynchronously every `readEverySteps` steps and once per epoch, checkpoints
 * are atomic and `resume` continues from the latest one exactly.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const run = new TrainingRun(options);
  try {
    const resumedFrom = await run.resume();
    run.printSummary();
    if (resumedFrom)
      run.progress.line(
        `resumed from ${resumedFrom} (epoch ${run.state.epoch + 1}, step ${run.state.stepInEpoch})`,
      );
    await run.log?.write(resumedFrom ? 'resume' : 'start', {
      checkpoint: resumedFrom ?? null,
      epochs: options.epochs,
      seed: run.seed,
    });
    for (let epoch = run.state.epoch; epoch < options.epochs; epoch++) {
      const record = await runEpoch(run, epoch);
      if (await afterEpoch(run, record, epoch)) return await finish(run, 'earlyStopping');
    }
    return await finish(run, 'completed');
  } catch (error) {
    if (error instanceof NonFiniteLossError) {
      run.progress.line(error.message);
      await run.log?.write('stopped', { reason: 'non-finite loss', message: error.message });
    }
    throw error;
  } finally {
    run.dispose();
  }
}
