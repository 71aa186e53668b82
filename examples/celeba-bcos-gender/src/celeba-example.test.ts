import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRecipe, recipeRunConfig } from '@bcos/example-shared';
import { collectingOutput, fileSizes } from '@bcos/example-shared/testing';
import { parseRunConfig } from '@bcos/train';
import { describe, expect, it } from 'vitest';
import { celebaExample, RECIPE, SEED_RECIPE } from './celeba-example';

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
    ).rejects.toThrow(
      /no CelebA dataset in .*\n.*official.*list_attr_celeba\.txt not found.*\n.*Kaggle.*list_attr_celeba\.csv not found/,
    );
  });

  it("seed.json is the seed's recipe and a valid bcos-train run config", async () => {
    const seed = await loadRecipe(SEED_RECIPE);
    expect(seed).toMatchObject({
      data: { imageSize: 224 },
      model: { arch: 'bcosResnet18', stem: 'imagenet', norm: { kind: 'position', centered: true } },
      loss: 'crossentropy',
      optimizer: { name: 'adam', lr: 0.01 },
      schedule: { name: 'exponential', finalLr: 0.001 },
      epochs: 4,
      batchSize: 64,
      report: { first: 4 },
    });
    const source = { format: 'celeba', dir: 'data/celeba', attribute: 'Male', crop: 178, size: 224 } as const;
    const config = recipeRunConfig(seed, source, 'runs/seed');
    expect(parseRunConfig(JSON.parse(JSON.stringify(config)), 'seed run config')).toEqual(config);
  });

  it('--config seed.json trains at a tiny scale and shows its 4 first test images with class, probability and explanation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bcos-celeba-seed-'));
    const config = join(dir, 'tiny-seed.json');
    const generated = { train: 64, val: 16, test: 16, width: 40, height: 48 };
    const tiny = { data: { imageSize: 32, generated }, model: { width: 4 }, epochs: 2, batchSize: 16 };
    await writeFile(config, JSON.stringify({ extends: SEED_RECIPE, synthetic: tiny }));
    const output = collectingOutput();
    const out = join(dir, 'run');
    const results = await celebaExample(
      ['--synthetic', '--config', config, '--backend', 'wasm', '--out', out],
      output,
    );

    expect(results).toMatchObject({ epochs: 2, trainImages: 64, model: 'bcos_resnet18_imagenet_position' });
    const epochs = (await readFile(join(out, 'log.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((event) => event.event === 'epoch');
    // Two epochs: Adam 0.01, then 0.001 (the decay reaches finalLr at the last epoch).
    expect(epochs.map((event) => event.lr)).toEqual([expect.closeTo(0.01, 12), expect.closeTo(0.001, 12)]);
    const html = await readFile(join(out, 'report', 'index.html'), 'utf8');
    const first = html.slice(html.indexOf('<h2>First images</h2>'), html.indexOf('<h2>Misclassified</h2>'));
    expect(
      first.match(
        /<figcaption>#\d+: true <b>(Female|Male)<\/b>, predicted <b[^>]*>(Female|Male)<\/b> \(\d+\.\d%\)/g,
      ),
    ).toHaveLength(4);
    expect(await fileSizes(join(out, 'report', 'images'), /^first-\d+-bcos\.png$/)).toHaveLength(4);
    expect(output.lines).toContain(
      'report: the first 4 test images with predicted class, probability and B-cos explanation (images/first-*)',
    );
  });
});
