import { type LrSchedule, stateless } from './schedule';

/** The optimiser's learning rate, unchanged. */
export function constant(): LrSchedule {
  return stateless('constant', undefined, (context) => context.baseLr);
}
