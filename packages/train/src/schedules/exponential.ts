import { clock, type LrSchedule, requirePositive, type ScheduleInterval, stateless } from './schedule';

export interface ExponentialOptions {
  gamma: number;
  interval?: ScheduleInterval;
}

/** PyTorch `ExponentialLR`: lr = base · γ^t. */
export function exponential({ gamma, interval = 'epoch' }: ExponentialOptions): LrSchedule {
  requirePositive('exponential', 'gamma', gamma);
  return stateless(
    'exponential',
    interval,
    (context) => context.baseLr * gamma ** clock(context, interval).t,
  );
}
