import type { MetricTotals } from '../metrics/metric-totals';
import type { FiniteState } from './finite-guard';
import { NonFiniteLossError, type NonFiniteQuantity } from './non-finite-loss-error';
import type { TrainingRun } from './training-run';

function nonFinite(loss: number, finite: FiniteState): NonFiniteQuantity | undefined {
  if (!Number.isFinite(loss)) return 'loss';
  if (!finite.gradients) return 'gradients';
  if (!finite.weights) return 'weights';
  return undefined;
}

/**
 * Watches the running loss and the run's finiteness flags (gradients, weights) through asynchronous
 * reads every `every` steps: at most one read is in flight, and the loop never waits for it. A
 * non-finite value is remembered and raised by `check`; `verified` reads both before a checkpoint.
 */
export class DivergenceWatch {
  private pending = false;
  private found: { value: number; step: number; quantity: NonFiniteQuantity } | undefined;
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
    void Promise.all([this.run.metrics.running(), this.run.guard.read()]).then(
      ([{ loss }, finite]) => {
        this.pending = false;
        const quantity = nonFinite(loss, finite);
        if (quantity) this.found ??= { value: loss, step: stepInEpoch, quantity };
        else this.checkedStep = stepInEpoch;
        this.run.progress.update({ step: stepInEpoch, images, loss, lr });
      },
      () => {
        this.pending = false;
      },
    );
  }

  async check(): Promise<void> {
    if (this.found) await this.fail(this.found.value, this.found.step, this.found.quantity);
  }

  /** The epoch's metric totals, once loss, gradients and weights are known to be finite (before a checkpoint). */
  async verified(stepInEpoch: number): Promise<MetricTotals> {
    const [totals, finite] = await Promise.all([this.run.metrics.totals(), this.run.guard.read()]);
    const loss = totals.lossSum / totals.count;
    const quantity = nonFinite(loss, finite);
    if (quantity) await this.fail(loss, stepInEpoch, quantity);
    return totals;
  }

  private async fail(value: number, step: number, quantity: NonFiniteQuantity): Promise<never> {
    throw new NonFiniteLossError(
      this.epoch + 1,
      [this.checkedStep, step],
      value,
      this.run.lastCheckpoint,
      quantity,
      await this.run.keptCheckpoints(),
    );
  }
}
