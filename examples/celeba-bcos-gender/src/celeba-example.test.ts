import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectingOutput, fileSizes } from '@bcos/example-shared/testing';
import { describe, expect, it } from 'vitest';
import { celebaExample, RECIPE } from './celeba-example';

describe('celeba-bcos-gender', () => {
  it('--synthetic learns Male from generated faces, reports per-class accuracy every epoch and explains test images', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bcos-celeba-example-'));
    // The recipe's own synthetic settings, smaller still so that the test takes seconds.
    const config = join(dir, 'tiny.json');
    const generated = { train: 320, val: 40, test: 100, width: 64, height: 78 };
    const tiny = { data: { imageSize: 32, generated }, model: { width: 8 }, epochs: 3, batchSize: 16 };
    await writeFile(config, JSON.stringify({ extends: RECIPE, synthetic: tiny }));
    const output = collectingOutput();
    const out = join(dir, 'run');
    const results = await celebaExample(
      ['--synthetic', '--config', config, '--backend', 'wasm', '--out', out],
      output,
    );

    expect(results).toMatchObject({ epochs: 3, trainImages: 320, model: 'bcos_resnet18_cifar_batch' });
    expect(results.val?.count).toBe(40);
    expect(results.test.count).toBe(100);
    // 47 Female / 53 Male test faces; this run measured 0.84 on wasm.
    expect(results.test.accuracy).toBeGreaterThan(0.7);
    expect(Object.keys(results.test.perClassAccuracy)).toEqual(['Female', 'Male']);
    const perEpoch = output.lines.filter((line) =>
      /^epoch \d: validation accuracy .*; Female .*, Male /.test(line),
    );
    expect(perEpoch).toHaveLength(3);
    expect(output.lines.some((line) => /^test accuracy .*; Female .*, Male /.test(line))).toBe(true);

    const images = join(out, 'report', 'images');
    const bcos = await fileSizes(images, /-bcos\.png$/);
    const gradcam = await fileSizes(images, /-gradcam\.png$/);
    expect(bcos.length).toBeGreaterThanOrEqual(12);
    expect(gradcam).toHaveLength(bcos.length);
    expect(Math.min(...bcos, ...gradcam)).toBeGreaterThan(100);
    expect(await readFile(join(out, 'report', 'index.html'), 'utf8')).toContain('B-cos explanation');
  });

  it('says what is wrong with its flags', async () => {
    const output = collectingOutput();
    await expect(celebaExample(['--synthetic', '--image-size', '16'], output)).rejects.toThrow(
      /--image-size must be ≥ 32, got 16/,
    );
    await expect(celebaExample(['--synthetic', '--stem', 'vit'], output)).rejects.toThrow(
      /--stem must be cifar or imagenet/,
    );
    const empty = await mkdtemp(join(tmpdir(), 'bcos-celeba-empty-'));
    await expect(
      celebaExample(['--data-dir', empty, '--backend', 'cpu', '--out', join(empty, 'run')], output),
    ).rejects.toThrow(/list_attr_celeba.txt: file not found/);
  });
});
