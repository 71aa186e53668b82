import type { MetricValues } from '../schedules/schedule';
import { Monitor, type MonitorOptions } from './monitor';

export interface BestModelState {
  best: number | null;
  epoch: number | null;
}

/** Tracks the epoch with the best monitored metric; the trainer saves the model whenever it improves. */
export class BestModelTracker {
  private readonly watched: Monitor;
  state: BestModelState = { best: null, epoch: null };

  constructor(options: MonitorOptions) {
    this.watched = new Monitor('bestModel', options);
  }

  get monitor(): string {
    return this.watched.monitor;
  }

  /** True when `epoch` is the new best. */
  update(metrics: MetricValues, epoch: number): boolean {
    const value = this.watched.value(metrics, 'bestModel');
    if (!this.watched.improves(value, this.state.best)) return false;
    this.state = { best: value, epoch };
    return true;
  }
}
