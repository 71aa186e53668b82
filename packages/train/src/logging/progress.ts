import { formatDuration, formatNumber } from './format';

/** Where progress goes: a terminal gets a redrawn bar, anything else periodic plain lines. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Seconds between plain lines when the stream is not a terminal (default 30). */
  plainIntervalSeconds?: number;
  /** Clock in ms, replaceable for tests. */
  now?: () => number;
}

export interface StepUpdate {
  step: number;
  images: number;
  /** Running loss when a device read has come back. */
  loss?: number;
  lr?: number;
}

const BAR_WIDTH = 24;

/** A progress bar (steps, img/s, ETA, running loss) for one phase at a time. */
export class Progress {
  private label = '';
  private total = 0;
  private started = 0;
  private lastPlain = 0;
  private lastLoss: number | undefined;
  private readonly now: () => number;
  private readonly plainIntervalMs: number;

  constructor(
    private readonly stream: ProgressStream | null,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.plainIntervalMs = (options.plainIntervalSeconds ?? 30) * 1000;
  }

  get interactive(): boolean {
    return this.stream?.isTTY === true;
  }

  start(label: string, totalSteps: number): void {
    this.label = label;
    this.total = totalSteps;
    this.started = this.now();
    this.lastPlain = this.started;
    this.lastLoss = undefined;
  }

  update(update: StepUpdate): void {
    if (!this.stream) return;
    if (update.loss !== undefined) this.lastLoss = update.loss;
    const line = this.describe(update);
    if (this.interactive) {
      this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 120) - 1)}\x1b[K`);
    } else if (this.now() - this.lastPlain >= this.plainIntervalMs) {
      this.lastPlain = this.now();
      this.stream.write(`${line}\n`);
    }
  }

  /** Ends the phase's bar and prints a closing line. */
  finish(summary: string): void {
    if (!this.stream) return;
    this.stream.write(this.interactive ? `\r${summary}\x1b[K\n` : `${summary}\n`);
  }

  /** A line of its own (model summary, notices). */
  line(text: string): void {
    this.stream?.write(`${text}\n`);
  }

  private describe({ step, images, lr }: StepUpdate): string {
    const seconds = (this.now() - this.started) / 1000;
    const rate = seconds > 0 ? images / seconds : 0;
    const eta = step > 0 ? (seconds / step) * (this.total - step) : Number.NaN;
    const filled = this.total > 0 ? Math.round((BAR_WIDTH * step) / this.total) : 0;
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
    const parts = [
      this.label,
      this.interactive ? bar : '',
      `${step}/${this.total}`,
      `${rate.toFixed(1)} img/s`,
      `ETA ${formatDuration(eta)}`,
      `loss ${formatNumber(this.lastLoss)}`,
      lr === undefined ? '' : `lr ${lr.toExponential(2)}`,
    ];
    return parts.filter(Boolean).join('  ');
  }
}
