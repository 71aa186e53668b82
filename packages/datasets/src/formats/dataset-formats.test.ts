import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateFaces } from '../generate/faces';
import { generateShapes } from '../generate/shapes';
import { temporaryDirectory } from '../test-helpers';
import { DATASET_FORMATS, formatOptionsFor, hasSplit, readDatasetSplit } from './dataset-formats';

describe('the dataset-format registry', () => {
  let root: string;
  beforeAll(async () => {
    root = await temporaryDirectory();
    await generateShapes({ dir: join(root, 'shapes'), n: 10, testCount: 4, seed: 1 });
    await generateFaces({
      dir: join(root, 'faces'),
      n: 12,
      seed: 2,
      size: { width: 20, height: 24 },
      partition: [6, 3, 3],
    });
  });

  it('every format has a training split', () => {
    for (const [name, format] of Object.entries(DATASET_FORMATS))
      expect(format.splits, name).toContain('train');
  });

  it('reads a split with the format’s options', async () => {
    const test = await readDatasetSplit({ format: 'cifar10', dir: join(root, 'shapes') }, 'test');
    expect([test.size, ...test.imageShape]).toEqual([4, 32, 32, 3]);
    const valid = await readDatasetSplit({ format: 'celeba', dir: join(root, 'faces'), size: 16 }, 'valid');
    expect([valid.size, ...valid.imageShape]).toEqual([3, 16, 16, 3]);
  });

  it('refuses a split the format does not have, naming its splits', async () => {
    expect(hasSplit('cifar10', 'valid')).toBe(false);
    expect(hasSplit('celeba', 'valid')).toBe(true);
    await expect(readDatasetSplit({ format: 'cifar10', dir: join(root, 'shapes') }, 'valid')).rejects.toThrow(
      "cifar10 has no 'valid' split (its splits: train, test)",
    );
  });

  it('gives the options that read images as a model takes them, or says why none can', () => {
    const rgb32 = { imageShape: [32, 32, 3] as const, classNames: ['not Smiling', 'Smiling'] };
    expect(formatOptionsFor('fashionMnist', rgb32)).toEqual({ padTo: 32, channels: 3 });
    expect(formatOptionsFor('celeba', rgb32)).toEqual({ attribute: 'Smiling', size: 32 });
    expect(formatOptionsFor('cifar10', rgb32)).toEqual({});
    expect(() => formatOptionsFor('fashionMnist', { ...rgb32, imageShape: [20, 20, 1] })).toThrow(
      "the model takes 20×20 images; Fashion-MNIST's 28×28 pad only to a larger square",
    );
    expect(() => formatOptionsFor('fashionMnist', { ...rgb32, imageShape: [32, 32, 6] })).toThrow(
      'the model takes 6 channels; Fashion-MNIST gives 1 or 3',
    );
  });
});
