import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestDatasets } from '../run/test-data-files';
import { loadEvalDataset } from './eval-dataset';

describe('loadEvalDataset', () => {
  let root: string;
  let dirs: { fashionMnist: string; faces: string };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bcos-eval-dataset-'));
    dirs = await writeTestDatasets(root);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('pads Fashion-MNIST to the model’s input', async () => {
    const model = { imageShape: [32, 32, 3] as [number, number, number], classNames: [] };
    const test = await loadEvalDataset(`fashionMnist:${dirs.fashionMnist}`, model);
    expect([test.size, ...test.imageShape]).toEqual([6, 32, 32, 3]);
    const train = await loadEvalDataset(`fashionMnist:${dirs.fashionMnist}:train`, model);
    expect(train.size).toBe(20);
  });

  it('reads a CelebA split at the model’s size with the model’s attribute as label', async () => {
    const model = {
      imageShape: [40, 40, 3] as [number, number, number],
      classNames: ['not Smiling', 'Smiling'],
    };
    const valid = await loadEvalDataset(`celeba:${dirs.faces}:valid`, model);
    expect([valid.size, ...valid.imageShape]).toEqual([4, 40, 40, 3]);
    expect(valid.classNames).toEqual(['not Smiling', 'Smiling']);
  });

  it('names a bad format, split or input size', async () => {
    const model = { imageShape: [20, 20, 1] as [number, number, number], classNames: [] };
    await expect(loadEvalDataset('mnist:x', model)).rejects.toThrow(
      "--data mnist:x: unknown format 'mnist'; expected cifar10, cifar100, fashionMnist, celeba, imageFolder",
    );
    await expect(loadEvalDataset('cifar10:x:valid', model)).rejects.toThrow(
      "--data cifar10:x:valid: split must be train or test, got 'valid'",
    );
    await expect(loadEvalDataset(`fashionMnist:${dirs.fashionMnist}`, model)).rejects.toThrow(
      /the model takes 20×20 images/,
    );
  });
});
