import { initBackend } from '@bcos/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { countingDataset } from './test-helpers';
import { split, subset, take } from './views';

describe('subset / take / split', () => {
  beforeAll(() => initBackend({ backend: 'cpu' }));

  it('subset reads the parent images at the given indices, in that order', async () => {
    const view = subset(countingDataset(10), [7, 2, 9]);
    expect(view.size).toBe(3);
    const { images, labels } = await view.get([2, 0]);
    expect(Array.from(images)).toEqual([...Array(6).fill(9), ...Array(6).fill(7)]);
    expect(Array.from(labels)).toEqual([0, 1]);
  });

  it('take keeps the first n', async () => {
    const first = take(countingDataset(10), 4);
    expect(first.size).toBe(4);
    expect(Array.from((await first.get([3])).labels)).toEqual([0]);
    expect(() => take(countingDataset(3), 4)).toThrow('count must be an integer in 0..3, got 4');
  });

  it('split makes disjoint parts covering the dataset, the same for the same seed', async () => {
    const dataset = countingDataset(100);
    const [train, validation] = split(dataset, [80, 20], { seed: 5 });
    const ids = async (part: typeof train) =>
      Array.from((await part!.get([...Array(part!.size).keys()])).images.filter((_, i) => i % 6 === 0));
    const trainIds = await ids(train);
    const validationIds = await ids(validation);
    expect(trainIds.length).toBe(80);
    expect(new Set([...trainIds, ...validationIds]).size).toBe(100);
    const [, again] = split(dataset, [80, 20], { seed: 5 });
    expect(await ids(again)).toEqual(validationIds);
    const [, other] = split(dataset, [80, 20], { seed: 6 });
    expect(await ids(other)).not.toEqual(validationIds);
  });

  it('refuses sizes that do not add up and indices out of range', async () => {
    expect(() => split(countingDataset(10), [5, 4])).toThrow(
      'sizes must be integers ≥ 0 adding up to 10, got [5, 4]',
    );
    expect(() => subset(countingDataset(10), [10])).toThrow(
      'counting: index 10 (position 0) is outside 0..9',
    );
    await expect(take(countingDataset(10), 2).get([2])).rejects.toThrow(
      'index 2 (position 0) is outside 0..1',
    );
  });

  it('batches of a view come from the parent', async () => {
    const view = subset(countingDataset(10), [5, 6, 7]);
    const indices: number[] = [];
    for await (const batch of view.batches({ batchSize: 2 })) {
      indices.push(...batch.indices);
      batch.images.dispose();
      batch.labels.dispose();
    }
    expect(indices).toEqual([0, 1, 2]);
  });
});
