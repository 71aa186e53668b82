import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@bcos/backend';
import { loadRecipe, RESULTS_FILE } from '@bcos/example-shared';
import { collectingOutput, fileSizes } from '@bcos/example-shared/testing';
import { summary } from '@bcos/resnet';
import { buildModel } from '@bcos/train';
import { describe, expect, it } from 'vitest';
import { cifar10Example, RECIPE } from './cifar10-example';

describe('cifar10-layernorm-gradcam', () => {
  it('builds the seed’s ResNet-18 with LayerNorm: 11,173,962 parameters', async () => {
    await initBackend({ backend: 'cpu' });
    const recipe = await loadRecipe(RECIPE);
    const model = buildModel(recipe.model, [32, 32, 3], 10, recipe.seed);
    expect(summary(model).trainable).toBe(11_173_962);
    expect(model.layers.filter((l) => l.getClassName() === 'LayerNorm2d')).toHaveLength(20);
    model.dispose();
  });

  it('--synthetic trains on generated shapes and writes the report with Grad-CAM on 20 misclassified test images', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bcos-cifar10-example-'));
    // The recipe's own synthetic settings, smaller still so that the test takes seconds.
    const config = join(dir, 'tiny.json');
    const tiny = {
      data: { generated: { train: 192, test: 100 } },
      model: { width: 4 },
      epochs: 1,
      batchSize: 32,
    };
    await writeFile(config, JSON.stringify({ extends: RECIPE, synthetic: tiny }));
    const output = collectingOutput();
    const out = join(dir, 'run');
    const results = await cifar10Example(
      ['--synthetic', '--config', config, '--backend', 'wasm', '--out', out],
      output,
    );

    expect(JSON.parse(await readFile(join(out, RESULTS_FILE), 'utf8'))).toEqual(results);
    expect(results).toMatchObject({ epochs: 1, trainImages: 192, backend: 'wasm' });
    expect(results.test.count).toBe(100);
    expect(results.test.misclassified).toBe(Math.round(100 * (1 - results.test.accuracy)));
    expect(Object.keys(results.test.perClassAccuracy)).toContain('star');
    expect(output.lines).toContain(
      `test accuracy ${(100 * results.test.accuracy).toFixed(2)}% (${results.test.misclassified} of 100 misclassified)`,
    );

    const report = join(out, 'report');
    const html = await readFile(join(report, 'index.html'), 'utf8');
    expect(html).toContain('Misclassified');
    for (const chart of ['accuracy', 'loss', 'learning-rate', 'confusion-matrix', 'per-class-accuracy'])
      expect(existsSync(join(report, `${chart}.png`)), chart).toBe(true);
    const images = join(report, 'images');
    const shown = Math.min(20, results.test.misclassified);
    const pictures = await fileSizes(images, /^misclassified-\d+\.png$/);
    const gradcams = await fileSizes(images, /^misclassified-\d+-gradcam\.png$/);
    expect(pictures).toHaveLength(shown);
    expect(gradcams).toHaveLength(shown);
    expect(Math.min(...pictures, ...gradcams)).toBeGreaterThan(100);
    expect(existsSync(join(out, 'model', 'bcos-model.json'))).toBe(true);
  });

  it('says what is wrong with its flags and data', async () => {
    const output = collectingOutput();
    await expect(cifar10Example([], output)).rejects.toThrow(/--data-dir DIR is required/);
    const empty = await mkdtemp(join(tmpdir(), 'bcos-cifar10-empty-'));
    await expect(
      cifar10Example(['--data-dir', empty, '--backend', 'cpu', '--out', join(empty, 'run')], output),
    ).rejects.toThrow(/data_batch_1\.bin: file not found/);
  });
});
