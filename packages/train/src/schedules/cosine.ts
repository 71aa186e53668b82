import { clock, type LrSchedule, requirePositive, type ScheduleInterval, stateless } from './schedule';

export interface CosineOptions {
  /** Half-period in intervals (PyTorch `T_max`); default: the whole run. */
  tMax?: number;
  /** Lowest learning rate (PyTorch `eta_min`, default 0). */
  minLr?: number;
  interval?: ScheduleInterval;
}

/** PyTorch `CosineAnnealingLR` (closed form): η_min + (base − η_min)(1 + cos(π t / T_max)) / 2. */
export function cosine({ tMax, minLr = 0, interval = 'epoch' }: CosineOptions = {}): LrSchedule {
  if (tMax !== undefined) requirePositive('cosine', 'tMax', tMax);
  if (!(minLr >= 0)) throw new Error(`cosine: minLr must be ≥ 0, got ${minLr}`);
  return stateless('cosine', interval, (context) => {
    const { t, total } = clock(context, interval);
    const period = tMax ?? total;
    return minLr + ((context.baseLr - minLr) * (1 + Math.cos((Math.PI * t) / period))) / 2;
  });
}
