import { clock, type LrSchedule, requirePositive, type ScheduleInterval, stateless } from './schedule';

export interface MultiStepOptions {
  /** Increasing interval counts at which the lr is multiplied by γ. */
  milestones: number[];
  gamma?: number;
  interval?: ScheduleInterval;
}

/** PyTorch `MultiStepLR`: lr = base · γ^(milestones ≤ t). */
export function multiStep({ milestones, gamma = 0.1, interval = 'epoch' }: MultiStepOptions): LrSchedule {
  if (milestones.length === 0) throw new Error('multiStep: milestones must not be empty');
  milestones.forEach((m, i) => {
    if (!Number.isInteger(m) || m < 0)
      throw new Error(`multiStep: milestones[${i}] must be a non-negative integer, got ${m}`);
    if (i > 0 && m <= milestones[i - 1]!)
      throw new Error(`multiStep: milestones must increase, got ${milestones.join(', ')}`);
  });
  requirePositive('multiStep', 'gamma', gamma);
  return stateless('multiStep', interval, (context) => {
    const { t } = clock(context, interval);
    return context.baseLr * gamma ** milestones.filter((m) => m <= t).length;
  });
}
