import { constant } from './constant';
import { type CosineOptions, cosine } from './cosine';
import { type ExponentialOptions, exponential } from './exponential';
import { type MultiStepOptions, multiStep } from './multi-step';
import { type OneCycleOptions, oneCycle } from './one-cycle';
import { type ReduceOnPlateauOptions, reduceLROnPlateau } from './reduce-on-plateau';
import type { LrSchedule } from './schedule';
import { type StepOptions, step } from './step';
import { type WarmupOptions, withWarmup } from './warmup';

/** A schedule described as data (config files, checkpoints): `name` plus that schedule's options. */
export type ScheduleConfig = (
  | { name: 'constant' }
  | ({ name: 'step' } & StepOptions)
  | ({ name: 'multiStep' } & MultiStepOptions)
  | ({ name: 'exponential' } & ExponentialOptions)
  | ({ name: 'cosine' } & CosineOptions)
  | ({ name: 'oneCycle' } & OneCycleOptions)
  | ({ name: 'reduceLROnPlateau' } & ReduceOnPlateauOptions)
) & { warmup?: WarmupOptions };

export const SCHEDULE_NAMES = [
  'constant',
  'step',
  'multiStep',
  'exponential',
  'cosine',
  'oneCycle',
  'reduceLROnPlateau',
] as const;

function base(config: ScheduleConfig): LrSchedule {
  const { warmup: _warmup, ...options } = config;
  switch (options.name) {
    case 'constant':
      return constant();
    case 'step':
      return step(options);
    case 'multiStep':
      return multiStep(options);
    case 'exponential':
      return exponential(options);
    case 'cosine':
      return cosine(options);
    case 'oneCycle':
      return oneCycle(options);
    case 'reduceLROnPlateau':
      return reduceLROnPlateau(options);
    default:
      throw new Error(
        `schedule: unknown name '${(options as { name: unknown }).name}'; expected one of ${SCHEDULE_NAMES.join(', ')}`,
      );
  }
}

/** Builds the schedule a config describes, wrapped in its warm-up when it has one. */
export function createSchedule(config: ScheduleConfig): LrSchedule {
  const schedule = base(config);
  return config.warmup ? withWarmup(schedule, config.warmup) : schedule;
}
