import { clock, type LrSchedule, requirePositive, type ScheduleInterval, stateless } from './schedule';

/**
 * Either `gamma`, the factor per interval, or `finalLr`, the rate of the last epoch (or step):
 * γ = (finalLr / lr)^(1/(T−1)), as the seed's `LambdaLR(lambda e: α**e)` with α = (1e-3/1e-2)^(1/3)
 * over 4 epochs.
 */
export interface ExponentialOptions {
  gamma?: number;
  finalLr?: number;
  interval?: ScheduleInterval;
}

/** PyTorch `ExponentialLR`: lr = base · γ^t; with `finalLr`, γ reaches it at the run's last interval. */
export function exponential(options: ExponentialOptions): LrSchedule {
  const { gamma, finalLr, interval = 'epoch' } = options;
  if ((gamma === undefined) === (finalLr === undefined))
    throw new Error('exponential: give either gamma or finalLr');
  if (gamma !== undefined) {
    requirePositive('exponential', 'gamma', gamma);
    return stateless(
      'exponential',
      interval,
      (context) => context.baseLr * gamma ** clock(context, interval).t,
    );
  }
  requirePositive('exponential', 'finalLr', finalLr!);
  return stateless('exponential', interval, (context) => {
    const { t, total } = clock(context, interval);
    const alpha = (finalLr! / context.baseLr) ** (1 / Math.max(1, total - 1));
    return context.baseLr * alpha ** t;
  });
}
