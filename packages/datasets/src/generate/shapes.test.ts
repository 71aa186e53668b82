import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cifar10 } from '../formats/cifar/cifar';
import { type MaskFile, openMasks } from '../masks';
import type { MemoryDataset } from '../memory-dataset';
import { temporaryDirectory } from '../test-helpers';
import { generateShapes } from './shapes';
import { ridgeAccuracy, shapeDescriptors } from './test-linear';

const PIXELS = 32 * 32;

async function rows(dataset: MemoryDataset, masks: MaskFile, describe: 'pixels' | 'shape') {
  const all = [...Array(dataset.size).keys()];
  const { images, labels } = await dataset.get(all);
  const maskBytes = await masks.get(all);
  const image = (i: number) => images.subarray(i * 3 * PIXELS, (i + 1) * 3 * PIXELS);
  const features = all.map((i) =>
    describe === 'pixels'
      ? Float64Array.from(image(i))
      : shapeDescriptors(image(i), maskBytes.subarray(i * PIXELS, (i + 1) * PIXELS), 32),
  );
  return { rows: features, labels };
}

describe('generateShapes', () => {
  let dir: string;
  let generated: Awaited<ReturnType<typeof generateShapes>>;
  beforeAll(async () => {
    dir = await temporaryDirectory();
    generated = await generateShapes({ dir: join(dir, 'a'), n: 500, testCount: 200, seed: 11 });
  });

  it('writes a CIFAR-10-format dataset with one mask per image, in reading order', async () => {
    const train = await cifar10(generated.dir);
    const test = await cifar10(generated.dir, { split: 'test' });
    expect([train.size, test.size]).toEqual([500, 200]);
    expect(train.classNames).toEqual(generated.classNames);
    expect(new Set(train.labels).size).toBe(10);
    const masks = await openMasks(generated.masks.train);
    expect([masks.count, masks.height, masks.width]).toEqual([500, 32, 32]);
    const maskBytes = await masks.get([...Array(500).keys()]);
    for (let i = 0; i < 500; i++) {
      const area = maskBytes.subarray(i * PIXELS, (i + 1) * PIXELS).reduce((s, v) => s + v, 0);
      expect(area).toBeGreaterThan(20);
      expect(area).toBeLessThan(PIXELS / 2);
    }
    expect((await openMasks(generated.masks.test)).count).toBe(200);
  });

  it('is deterministic for a seed, and image i does not depend on n', async () => {
    const again = await generateShapes({ dir: join(dir, 'b'), n: 10, testCount: 0, seed: 11 });
    const other = await generateShapes({ dir: join(dir, 'c'), n: 10, testCount: 0, seed: 12 });
    const firstImages = async (root: string) => (await cifar10(root)).get([...Array(10).keys()]);
    expect(await firstImages(again.dir)).toEqual(await firstImages(generated.dir));
    expect((await firstImages(other.dir)).images).not.toEqual((await firstImages(generated.dir)).images);
    const batch = (root: string) => readFile(join(root, 'cifar-10-batches-bin', 'data_batch_1.bin'));
    expect((await batch(again.dir)).length).toBe(2 * 3073);
    await expect(cifar10(again.dir, { split: 'test' })).rejects.toThrow('cifar10-test holds no images');
    const tiny = await generateShapes({ dir: join(dir, 'd'), n: 3, testCount: 1, seed: 11 });
    expect((await cifar10(tiny.dir)).size).toBe(3); // batches 4 and 5 are empty, as the manifest says
  });

  it('defeats a linear model on pixels, while the object shape in the mask determines the class', async () => {
    const [train, test] = await Promise.all([
      cifar10(generated.dir),
      cifar10(generated.dir, { split: 'test' }),
    ]);
    const [trainMasks, testMasks] = await Promise.all([
      openMasks(generated.masks.train),
      openMasks(generated.masks.test),
    ]);
    const pixelAccuracy = ridgeAccuracy(
      await rows(train, trainMasks, 'pixels'),
      await rows(test, testMasks, 'pixels'),
      10,
      100,
    );
    const shapeAccuracy = ridgeAccuracy(
      await rows(train, trainMasks, 'shape'),
      await rows(test, testMasks, 'shape'),
      10,
      1,
    );
    // Chance is 0.1. Same learner, same 500 examples: pixels carry the class only through
    // position-, rotation- and colour-free structure, which a linear model on pixels cannot use.
    expect(pixelAccuracy).toBeLessThan(0.25);
    expect(shapeAccuracy).toBeGreaterThan(0.85);
  });
});
