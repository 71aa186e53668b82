import { describe, expect, it } from 'vitest';
import { planEpoch } from './epoch-plan';

const flat = (plan: Int32Array[]) => plan.flatMap((batch) => Array.from(batch));

describe('planEpoch', () => {
  it('covers the dataset in order without shuffle, the last batch short', () => {
    const plan = planEpoch(10, { batchSize: 4 });
    expect(plan.map((b) => Array.from(b))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
  });

  it('drops the short last batch with dropLast', () => {
    expect(planEpoch(10, { batchSize: 4, dropLast: true }).map((b) => b.length)).toEqual([4, 4]);
  });

  it('shuffles by (seed, epoch): reproducible, a permutation, different per epoch', () => {
    const a = flat(planEpoch(50, { batchSize: 8, shuffle: true, seed: 3, epoch: 1 }));
    expect(flat(planEpoch(50, { batchSize: 8, shuffle: true, seed: 3, epoch: 1 }))).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual([...Array(50).keys()]);
    expect(flat(planEpoch(50, { batchSize: 8, shuffle: true, seed: 3, epoch: 2 }))).not.toEqual(a);
  });

  it('resumes mid-epoch: skipBatches gives exactly the remaining batches of the same epoch', () => {
    const options = { batchSize: 6, shuffle: true, seed: 9, epoch: 4 };
    const full = planEpoch(40, options);
    const resumed = planEpoch(40, { ...options, skipBatches: 3 });
    expect(resumed.map((b) => Array.from(b))).toEqual(full.slice(3).map((b) => Array.from(b)));
    expect(planEpoch(40, { ...options, skipBatches: 99 })).toEqual([]);
  });

  it('rejects bad options naming them', () => {
    expect(() => planEpoch(10, { batchSize: 0 })).toThrow('batchSize must be an integer ≥ 1, got 0');
    expect(() => planEpoch(10, { batchSize: 2, skipBatches: -1 })).toThrow(
      'skipBatches must be an integer ≥ 0',
    );
    expect(() => planEpoch(10, { batchSize: 2, prefetch: 1.5 })).toThrow('prefetch must be an integer ≥ 0');
    expect(() => planEpoch(10, { batchSize: 2, seed: 0.1 })).toThrow('seed must be a safe integer');
  });
});
