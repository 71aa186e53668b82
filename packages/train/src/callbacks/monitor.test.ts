import { describe, expect, it } from 'vitest';
import { BestModelTracker } from './best-model';
import { EarlyStopping } from './early-stopping';

describe('monitored callbacks', () => {
  it('early stopping waits `patience` epochs without an improvement larger than minDelta', () => {
    const stopper = new EarlyStopping({ monitor: 'val.loss', patience: 2, minDelta: 0.01 });
    const stops = [1, 0.9, 0.895, 0.89, 0.95, 0.5].map((loss) => stopper.update({ 'val.loss': loss }));
    // 0.895 and 0.89 improve by < minDelta on 0.9: waits 1 and 2; 0.95: wait 3 > patience → stop.
    expect(stops).toEqual([false, false, false, false, true, false]);
    expect(stopper.describe()).toMatch(/val.loss did not improve on 0.5/);
  });

  it('accuracy metrics default to mode max', () => {
    const best = new BestModelTracker({ monitor: 'val.accuracy' });
    expect(
      [0.5, 0.4, 0.7].map((accuracy, epoch) => best.update({ 'val.accuracy': accuracy }, epoch)),
    ).toEqual([true, false, true]);
    expect(best.state).toEqual({ best: 0.7, epoch: 2 });
  });

  it('names a missing metric and a malformed monitor', () => {
    expect(() => new BestModelTracker({ monitor: 'loss' })).toThrow(/dotted metric name/);
    expect(() => new BestModelTracker({ monitor: 'val.loss' }).update({ 'train.loss': 1 }, 0)).toThrow(
      /'val.loss' is not among/,
    );
  });
});
