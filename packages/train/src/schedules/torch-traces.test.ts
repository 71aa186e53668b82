import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cosine } from './cosine';
import { exponential } from './exponential';
import { multiStep } from './multi-step';
import { oneCycle } from './one-cycle';
import { reduceLROnPlateau } from './reduce-on-plateau';
import type { LrSchedule, ScheduleContext } from './schedule';
import { step } from './step';
import { withWarmup } from './warmup';

/** Traces recorded from PyTorch by scripts/torch-schedule-traces.py. */
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/torch-schedule-traces.json', import.meta.url), 'utf8'),
) as {
  baseLr: number;
  plateau: Record<string, { options: Record<string, number | string>; metrics: number[]; lrs: number[] }>;
  traces: Record<string, { lrs: number[] }>;
};

function context(t: number, total: number): ScheduleContext {
  return { baseLr: fixture.baseLr, epoch: t, epochs: total, step: t, steps: total };
}

function expectTrace(schedule: LrSchedule, expected: number[]): void {
  const actual = expected.map((_, t) => schedule.lrAt(context(t, expected.length)));
  actual.forEach((lr, t) => {
    expect(lr, `lr at t = ${t}: [${actual.join(', ')}] vs PyTorch [${expected.join(', ')}]`).toBeCloseTo(
      expected[t]!,
      12,
    );
  });
}

describe('time-driven schedules follow PyTorch', () => {
  const { traces } = fixture;
  it('StepLR', () => expectTrace(step({ stepSize: 3, gamma: 0.5 }), traces.step!.lrs));
  it('MultiStepLR', () =>
    expectTrace(multiStep({ milestones: [2, 5, 9], gamma: 0.1 }), traces.multiStep!.lrs));
  it('ExponentialLR', () => expectTrace(exponential({ gamma: 0.9 }), traces.exponential!.lrs));
  it('CosineAnnealingLR', () => expectTrace(cosine({ tMax: 10, minLr: 0.001 }), traces.cosine!.lrs));
  it('OneCycleLR, cosine annealing', () =>
    expectTrace(oneCycle({ maxLr: 0.5, totalSteps: 20 }), traces['oneCycle-cos']!.lrs));
  it('OneCycleLR, linear three-phase', () =>
    expectTrace(
      oneCycle({
        maxLr: 0.5,
        totalSteps: 25,
        pctStart: 0.25,
        threePhase: true,
        annealStrategy: 'linear',
        divFactor: 10,
        finalDivFactor: 100,
      }),
      traces['oneCycle-linear-three-phase']!.lrs,
    ));
  it('LinearLR warm-up then CosineAnnealingLR (SequentialLR)', () =>
    expectTrace(
      withWarmup(cosine({ tMax: 7 }), { length: 3, startFactor: 0.1 }),
      traces['warmup-cosine']!.lrs,
    ));
});

describe('reduceLROnPlateau follows PyTorch on scripted metric sequences', () => {
  for (const [name, trace] of Object.entries(fixture.plateau)) {
    it(name, () => {
      const o = trace.options;
      const schedule = reduceLROnPlateau({
        monitor: 'val.loss',
        mode: o.mode as 'min' | 'max',
        factor: o.factor as number,
        patience: o.patience as number,
        threshold: o.threshold as number | undefined,
        thresholdMode: o.threshold_mode as 'rel' | 'abs' | undefined,
        cooldown: o.cooldown as number | undefined,
        minLr: o.min_lr as number | undefined,
        eps: o.eps as number | undefined,
      });
      const lrs = trace.metrics.map((value, epoch) => {
        schedule.endEpoch!({ 'val.loss': value }, context(epoch, trace.metrics.length));
        return schedule.lrAt(context(epoch + 1, trace.metrics.length));
      });
      expect(lrs).toEqual(trace.lrs);
    });
  }
});
