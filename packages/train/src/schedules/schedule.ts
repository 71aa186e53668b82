/** Where training stands when a learning rate is asked for (all counts 0-based). */
export interface ScheduleContext {
  /** The optimiser's configured learning rate. */
  baseLr: number;
  epoch: number;
  /** Optimiser steps taken so far in the whole run. */
  step: number;
  /** Epochs in the whole run. */
  epochs: number;
  /** Optimiser steps in the whole run. */
  steps: number;
}

/** Whether a schedule advances once per epoch or once per optimiser step (PyTorch: where `step()` is called). */
export type ScheduleInterval = 'epoch' | 'step';

/** Metrics of a finished epoch by dotted name (`val.loss`, `train.accuracy`, …). */
export type MetricValues = Readonly<Record<string, number>>;

export interface LrSchedule {
  readonly name: string;
  /** The clock a time-driven schedule follows; absent for metric-driven ones. */
  readonly interval?: ScheduleInterval;
  /** The learning rate for the optimiser step at `context`. */
  lrAt(context: ScheduleContext): number;
  /** Called after each epoch's evaluation (only metric-driven schedules use it). */
  endEpoch?(metrics: MetricValues, context: ScheduleContext): void;
  /** JSON state for checkpoints; schedules that are pure functions of the context return null. */
  state(): unknown;
  loadState(state: unknown): void;
}

/** The schedule's clock: elapsed units and total units in its interval. */
export function clock(context: ScheduleContext, interval: ScheduleInterval): { t: number; total: number } {
  return interval === 'epoch'
    ? { t: context.epoch, total: context.epochs }
    : { t: context.step, total: context.steps };
}

/** A schedule without state: lr is a function of the context alone. */
export function stateless(
  name: string,
  interval: ScheduleInterval | undefined,
  lrAt: (context: ScheduleContext) => number,
): LrSchedule {
  return {
    name,
    interval,
    lrAt,
    state: () => null,
    loadState: (state) => {
      if (state !== null && state !== undefined)
        throw new Error(
          `schedule ${name}: it has no state, but the checkpoint holds ${JSON.stringify(state)}`,
        );
    },
  };
}

export function requirePositive(schedule: string, option: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value))
    throw new Error(`${schedule}: ${option} must be a positive number, got ${value}`);
}

export function requireUnitInterval(
  schedule: string,
  option: string,
  value: number,
  { open = false } = {},
): void {
  const ok = open ? value > 0 && value < 1 : value >= 0 && value <= 1;
  if (!ok) throw new Error(`${schedule}: ${option} must be in ${open ? '(0, 1)' : '[0, 1]'}, got ${value}`);
}
