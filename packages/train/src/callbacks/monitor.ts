import type { MetricValues } from '../schedules/schedule';

export interface MonitorOptions {
  /** Dotted metric name, e.g. `val.loss` or `val.accuracy`. */
  monitor: string;
  /** Default: 'max' for accuracies, 'min' otherwise. */
  mode?: 'min' | 'max';
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
}

/** A monitored metric: its value in an epoch's metrics and whether it improved on the best so far. */
export class Monitor {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly minDelta: number;

  constructor(owner: string, options: MonitorOptions) {
    if (typeof options.monitor !== 'string' || !options.monitor.includes('.'))
      throw new Error(
        `${owner}: monitor must be a dotted metric name such as 'val.loss', got '${options.monitor}'`,
      );
    this.monitor = options.monitor;
    this.mode = options.mode ?? (options.monitor.endsWith('accuracy') ? 'max' : 'min');
    if (this.mode !== 'min' && this.mode !== 'max')
      throw new Error(`${owner}: mode must be 'min' or 'max', got '${this.mode}'`);
    this.minDelta = options.minDelta ?? 0;
    if (!(this.minDelta >= 0)) throw new Error(`${owner}: minDelta must be ≥ 0, got ${this.minDelta}`);
  }

  value(metrics: MetricValues, owner: string): number {
    const value = metrics[this.monitor];
    if (value === undefined)
      throw new Error(
        `${owner}: monitored metric '${this.monitor}' is not among this epoch's metrics (${Object.keys(metrics).join(', ')})`,
      );
    return value;
  }

  improves(value: number, best: number | null): boolean {
    if (best === null) return Number.isFinite(value);
    return this.mode === 'min' ? value < best - this.minDelta : value > best + this.minDelta;
  }
}
