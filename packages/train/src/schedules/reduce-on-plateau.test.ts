import { describe, expect, it } from 'vitest';
import { reduceLROnPlateau } from './reduce-on-plateau';
import type { ScheduleContext } from './schedule';

const at = (epoch: number): ScheduleContext => ({ baseLr: 1, epoch, epochs: 10, step: epoch, steps: 10 });

describe('reduceLROnPlateau', () => {
  it('rejects bad options naming them', () => {
    expect(() => reduceLROnPlateau({ monitor: 'val.loss', factor: 1 })).toThrow(/factor must be in \[0, 1\)/);
    expect(() => reduceLROnPlateau({ monitor: 'val.loss', mode: 'up' as 'min' })).toThrow(
      /mode must be 'min' or 'max'/,
    );
    expect(() => reduceLROnPlateau({ monitor: 'val.loss', patience: -1 })).toThrow(/patience/);
  });

  it('names the missing metric and the ones present', () => {
    const schedule = reduceLROnPlateau({ monitor: 'val.loss' });
    expect(() => schedule.endEpoch!({ 'train.loss': 1 }, at(0))).toThrow(/'val.loss'.*train\.loss/);
  });

  it('continues identically after a state round trip through JSON', () => {
    const metrics = [1, 1, 1, 0.5, 0.6, 0.7, 0.8, 0.9];
    const straight = reduceLROnPlateau({ monitor: 'm', patience: 1, cooldown: 1, factor: 0.5 });
    const restarted = reduceLROnPlateau({ monitor: 'm', patience: 1, cooldown: 1, factor: 0.5 });
    const lrs = (schedule: typeof straight, from: number, to: number) =>
      metrics.slice(from, to).map((m, i) => {
        schedule.endEpoch!({ m }, at(from + i));
        return schedule.lrAt(at(from + i + 1));
      });
    const expected = lrs(straight, 0, metrics.length);
    const first = lrs(restarted, 0, 3);
    const again = reduceLROnPlateau({ monitor: 'm', patience: 1, cooldown: 1, factor: 0.5 });
    again.loadState(JSON.parse(JSON.stringify(restarted.state())));
    expect([...first, ...lrs(again, 3, metrics.length)]).toEqual(expected);
  });
});
