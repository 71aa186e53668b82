import type { MetricValues } from '../schedules/schedule';
import { Monitor, type MonitorOptions } from './monitor';

export interface EarlyStoppingOptions extends MonitorOptions {
  /** Epochs without improvement before stopping. */
  patience: number;
}

export interface EarlyStoppingState {
  best: number | null;
  wait: number;
}

/** Keras' EarlyStopping: stop once `patience` epochs in a row did not improve the monitored metric. */
export class EarlyStopping {
  private readonly watched: Monitor;
  private readonly patience: number;
  state: EarlyStoppingState = { best: null, wait: 0 };

  constructor(options: EarlyStoppingOptions) {
    this.watched = new Monitor('earlyStopping', options);
    if (!Number.isInteger(options.patience) || options.patience < 0)
      throw new Error(`earlyStopping: patience must be a non-negative integer, got ${options.patience}`);
    this.patience = options.patience;
  }

  /** True when training should stop after this epoch. */
  update(metrics: MetricValues): boolean {
    const value = this.watched.value(metrics, 'earlyStopping');
    if (this.watched.improves(value, this.state.best)) {
      this.state = { best: value, wait: 0 };
      return false;
    }
    this.state = { ...this.state, wait: this.state.wait + 1 };
    return this.state.wait > this.patience;
  }

  describe(): string {
    return `${this.watched.monitor} did not improve on ${this.state.best} for ${this.state.wait} epochs (patience ${this.patience})`;
  }
}
