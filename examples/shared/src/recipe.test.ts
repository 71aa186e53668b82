import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRecipe } from './recipe';

const EXAMPLES = join(import.meta.dirname, '..', '..');
let dir: string;

async function recipeFile(name: string, json: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bcos-recipe-'));
});

describe('the examples’ recipes', () => {
  it.each([
    'cifar10-layernorm-gradcam/config.json',
    'fashion-mnist/config.json',
    'fashion-mnist/bcos.json',
    'fashion-mnist/short.json',
    'celeba-bcos-gender/config.json',
    'demo/bcos.json',
    'demo/layernorm.json',
  ])('%s is valid', async (file) => {
    const recipe = await loadRecipe(join(EXAMPLES, file));
    expect(recipe.epochs).toBeGreaterThan(0);
  });

  it('the CIFAR-10 recipe is the seed’s', async () => {
    const recipe = await loadRecipe(join(EXAMPLES, 'cifar10-layernorm-gradcam/config.json'));
    expect(recipe).toMatchObject({
      model: { arch: 'resnet18', stem: 'cifar', norm: 'layer' },
      loss: 'crossentropy',
      optimizer: { name: 'adam', lr: 0.001, l2: 0.0001 },
      schedule: { name: 'reduceLROnPlateau' },
      epochs: 40,
      augment: { preset: 'cifar' },
      data: { valFraction: 0 },
      report: { misclassified: 20, gradcamMethod: 'gradcam' },
    });
  });

  it('Fashion-MNIST extends the CIFAR-10 recipe; its B-cos recipe has neither L2 nor normalisation', async () => {
    const layernorm = await loadRecipe(join(EXAMPLES, 'fashion-mnist/config.json'));
    expect(layernorm).toMatchObject({ model: { norm: 'layer' }, optimizer: { l2: 0.0001 }, epochs: 40 });
    expect(layernorm.augment.mean).toEqual([0.219, 0.219, 0.219]);
    const bcos = await loadRecipe(join(EXAMPLES, 'fashion-mnist/bcos.json'));
    expect(bcos.model).toEqual({ arch: 'bcosResnet18', stem: 'cifar' });
    expect(bcos.optimizer.l2).toBeUndefined();
    expect(bcos.augment).toEqual({ preset: 'cifar' });
  });
});

describe('loadRecipe', () => {
  const base = {
    model: { arch: 'resnet18', norm: 'layer' },
    optimizer: { name: 'adam', lr: 0.001 },
    epochs: 3,
    batchSize: 8,
  };

  it('merges the synthetic section only for --synthetic, then the overrides', async () => {
    const path = await recipeFile('synthetic.json', {
      ...base,
      synthetic: { model: { width: 4 }, epochs: 1 },
    });
    expect((await loadRecipe(path)).model.width).toBeUndefined();
    const synthetic = await loadRecipe(path, { synthetic: true, overrides: { batchSize: 2 } });
    expect(synthetic).toMatchObject({ model: { width: 4, norm: 'layer' }, epochs: 1, batchSize: 2 });
  });

  it('follows extends relative to the file, base first', async () => {
    const parent = await recipeFile('parent.json', base);
    await recipeFile('child.json', { extends: './parent.json', epochs: 7, model: { norm: null } });
    const recipe = await loadRecipe(join(dir, 'child.json'));
    expect(recipe.epochs).toBe(7);
    expect(recipe.model).toEqual({ arch: 'resnet18', stem: 'cifar' });
    expect(parent).toContain(dir);
  });

  it('names every invalid key with its path', async () => {
    const path = await recipeFile('bad.json', {
      ...base,
      epochs: -1,
      optimizer: { name: 'adam', lr: 0.001, momentun: 0.9 },
    });
    await expect(loadRecipe(path)).rejects.toThrow(/epochs[\s\S]*momentun|momentun[\s\S]*epochs/);
  });

  it('refuses what it cannot use, saying why', async () => {
    await expect(loadRecipe(join(dir, 'missing.json'))).rejects.toThrow(/missing.json: file not found/);
    await expect(loadRecipe(await recipeFile('text.json', '{ not json'))).rejects.toThrow(/not valid JSON/);
    await expect(loadRecipe(await recipeFile('plain.json', base), { synthetic: true })).rejects.toThrow(
      /no 'synthetic' section/,
    );
    await expect(
      loadRecipe(await recipeFile('loop.json', { ...base, extends: './loop.json' })),
    ).rejects.toThrow(/loops or nests too deep/);
    const method = await recipeFile('method.json', { ...base, report: { gradcamMethod: 'gradcam+++' } });
    await expect(loadRecipe(method)).rejects.toThrow(
      /expected one of .*'gradcam\+\+'[\s\S]*at report\.gradcamMethod/,
    );
  });
});
