import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../run/config-schema';
import { createSchedule } from './create-schedule';
import { exponential } from './exponential';

const at = (epoch: number, epochs = 4) => ({
  baseLr: 0.01,
  epoch,
  epochs,
  step: epoch * 10,
  steps: epochs * 10,
});

describe('exponential with finalLr', () => {
  it("is the seed's LambdaLR(α^epoch), α = (1e-3/1e-2)^(1/3), over 4 epochs", () => {
    // Python: [0.01 * ((1e-3 / 1e-2) ** (1 / 3)) ** e for e in range(4)]
    const seed = [0.01, 0.004641588833612779, 0.002154434690031884, 0.0010000000000000002];
    const schedule = createSchedule({ name: 'exponential', finalLr: 1e-3 });
    expect(seed.map((_, epoch) => schedule.lrAt(at(epoch)))).toEqual(
      seed.map((lr) => expect.closeTo(lr, 15)),
    );
  });

  it('reaches finalLr at the last interval of shorter runs and step schedules alike', () => {
    expect(exponential({ finalLr: 1e-3 }).lrAt(at(1, 2))).toBeCloseTo(1e-3, 15);
    expect(exponential({ finalLr: 1e-3 }).lrAt(at(0, 1))).toBe(0.01);
    expect(exponential({ finalLr: 1e-3, interval: 'step' }).lrAt({ ...at(0), step: 39 })).toBeCloseTo(
      1e-3,
      15,
    );
  });

  it('takes gamma or finalLr, not both nor neither, in code and in run configs', () => {
    expect(() => exponential({})).toThrow('exponential: give either gamma or finalLr');
    expect(() => exponential({ gamma: 0.5, finalLr: 1e-3 })).toThrow('give either gamma or finalLr');
    expect(() => exponential({ finalLr: -1 })).toThrow(
      'exponential: finalLr must be a positive number, got -1',
    );
    const config = (schedule: object) => ({
      data: { format: 'cifar10', dir: 'x' },
      model: { arch: 'resnet18' },
      optimizer: { name: 'adam', lr: 0.01 },
      epochs: 4,
      batchSize: 64,
      schedule,
    });
    expect(parseRunConfig(config({ name: 'exponential', finalLr: 1e-3 }), 'run.json').schedule).toEqual({
      name: 'exponential',
      finalLr: 1e-3,
    });
    expect(() => parseRunConfig(config({ name: 'exponential' }), 'run.json')).toThrow(
      '- schedule: give either gamma or finalLr',
    );
  });
});
