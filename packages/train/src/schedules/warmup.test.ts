import { describe, expect, it } from 'vitest';
import { cosine } from './cosine';
import { createSchedule } from './create-schedule';
import { oneCycle } from './one-cycle';
import { reduceLROnPlateau } from './reduce-on-plateau';
import { withWarmup } from './warmup';

describe('withWarmup', () => {
  it('rises linearly in steps, then hands over to a step-interval cosine with its clock restarted', () => {
    const schedule = withWarmup(cosine({ interval: 'step' }), {
      length: 4,
      interval: 'step',
      startFactor: 0,
    });
    const lrs = [0, 1, 2, 3, 4, 9].map((step) =>
      schedule.lrAt({ baseLr: 1, epoch: 0, epochs: 1, step, steps: 14 }),
    );
    expect(lrs.slice(0, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(lrs[5]).toBeCloseTo(0.5, 12);
  });

  it('refuses a warm-up whose interval differs from the schedule after it', () => {
    expect(() => withWarmup(oneCycle(), { length: 2, interval: 'epoch' })).toThrow(
      /interval 'epoch' differs from oneCycle's 'step'/,
    );
  });

  it('passes epoch metrics to a plateau schedule only after the warm-up', () => {
    const schedule = createSchedule({
      name: 'reduceLROnPlateau',
      monitor: 'val.loss',
      patience: 0,
      factor: 0.5,
      warmup: { length: 2 },
    });
    const context = (epoch: number) => ({ baseLr: 1, epoch, epochs: 5, step: epoch, steps: 5 });
    for (const epoch of [0, 1, 2, 3]) schedule.endEpoch!({ 'val.loss': 1 }, context(epoch));
    // Epochs 0 and 1 warm up; epoch 2 sets the best, epoch 3 is bad (patience 0): one reduction.
    expect(schedule.lrAt(context(4))).toBe(0.5);
  });

  it('keeps the plateau state through state()/loadState()', () => {
    const plateau = reduceLROnPlateau({ monitor: 'm', patience: 0 });
    const wrapped = withWarmup(plateau, { length: 1 });
    expect(wrapped.state()).toEqual(plateau.state());
  });
});
