import { clock, type LrSchedule, requirePositive, type ScheduleInterval, stateless } from './schedule';

export interface StepOptions {
  /** Decay every `stepSize` intervals. */
  stepSize: number;
  /** Multiplicative factor (default 0.1). */
  gamma?: number;
  interval?: ScheduleInterval;
}

/** PyTorch `StepLR`: lr = base · γ^⌊t / stepSize⌋. */
export function step({ stepSize, gamma = 0.1, interval = 'epoch' }: StepOptions): LrSchedule {
  requirePositive('step', 'stepSize', stepSize);
  requirePositive('step', 'gamma', gamma);
  return stateless(
    'step',
    interval,
    (context) => context.baseLr * gamma ** Math.floor(clock(context, interval).t / stepSize),
  );
}
