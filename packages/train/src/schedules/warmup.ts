import {
  clock,
  type LrSchedule,
  requirePositive,
  type ScheduleContext,
  type ScheduleInterval,
} from './schedule';

export interface WarmupOptions {
  /** Warm-up length in intervals. */
  length: number;
  interval?: ScheduleInterval;
  /** lr factor at t = 0, rising linearly to 1 at t = length (PyTorch `LinearLR`'s `start_factor`, default 0.1). */
  startFactor?: number;
}

/**
 * Linear warm-up followed by `after`, as PyTorch's `SequentialLR([LinearLR, after], milestones=[length])`:
 * `after` starts its own clock at the end of the warm-up, and its run is shorter by the warm-up.
 */
export function withWarmup(
  after: LrSchedule,
  { length, interval = 'epoch', startFactor = 0.1 }: WarmupOptions,
): LrSchedule {
  requirePositive('warmup', 'length', length);
  if (after.interval !== undefined && after.interval !== interval)
    throw new Error(
      `warmup: its interval '${interval}' differs from ${after.name}'s '${after.interval}'; give both the same interval`,
    );
  if (!(startFactor >= 0 && startFactor <= 1))
    throw new Error(`warmup: startFactor must be in [0, 1], got ${startFactor}`);
  const shifted = (context: ScheduleContext): ScheduleContext =>
    interval === 'epoch'
      ? { ...context, epoch: context.epoch - length, epochs: context.epochs - length }
      : { ...context, step: context.step - length, steps: context.steps - length };
  const warming = (context: ScheduleContext) => clock(context, interval).t < length;
  return {
    name: `warmup+${after.name}`,
    interval,
    lrAt(context) {
      const { t } = clock(context, interval);
      if (t < length) return context.baseLr * (startFactor + ((1 - startFactor) * t) / length);
      return after.lrAt(shifted(context));
    },
    endEpoch(metrics, context) {
      if (!warming(context)) after.endEpoch?.(metrics, shifted(context));
    },
    state: () => after.state(),
    loadState: (state) => after.loadState(state),
  };
}
