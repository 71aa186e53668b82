import { join } from 'node:path';
import { parseRunConfig } from '@bcos/train';
import { describe, expect, it } from 'vitest';
import { loadRecipe } from './recipe';
import { recipeRunConfig } from './run-config';

const EXAMPLES = join(import.meta.dirname, '..', '..');

describe('recipeRunConfig', () => {
  it('makes a recipe and its data source a complete bcos-train run config', async () => {
    const recipe = await loadRecipe(join(EXAMPLES, 'fashion-mnist/short.json'));
    const source = { format: 'fashionMnist', dir: '/data/fashion', padTo: 32, channels: 3 } as const;
    const config = recipeRunConfig(recipe, source, '/runs/short');
    expect(config.data).toEqual({ ...source, valFraction: 0, trainLimit: 2000, testLimit: 1000 });
    expect(config).toMatchObject({ out: '/runs/short', epochs: 1, model: { width: 4 }, testEachEpoch: true });
    expect(parseRunConfig(config, 'short.json')).toEqual(config);
  });
});
