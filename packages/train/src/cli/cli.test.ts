import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cifar10, generateShapes } from '@bcos/datasets/node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve('tsx');
const cli = (name: string) => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));

/** Runs a CLI from its TypeScript source, as the built bin would run. */
async function bin(name: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--conditions=source', '--import', tsx, cli(name), ...args],
      {
        maxBuffer: 1 << 24,
      },
    );
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const { stdout, stderr, code } = error as { stdout: string; stderr: string; code: number };
    return { stdout, stderr, code };
  }
}

describe('CLIs end to end on a tiny generated dataset', () => {
  let root: string;
  let dataDir: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bcos-cli-'));
    dataDir = (await generateShapes({ dir: join(root, 'shapes'), n: 24, testCount: 8, seed: 3 })).dir;
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('bcos-train 1 epoch → bcos-explain one image → bcos-eval', async () => {
    const out = join(root, 'run');
    const config = {
      backend: 'wasm',
      seed: 1,
      data: { format: 'cifar10', dir: 'set-by-flag', valFraction: 0.25, trainLimit: 24 },
      model: { arch: 'bcosResnet18', stem: 'cifar', width: 4 },
      optimizer: { name: 'adam', lr: 0.001 },
      schedule: { name: 'cosine', interval: 'step', warmup: { length: 2, interval: 'step' } },
      clip: { kind: 'agc', clipFactor: 0.16 },
      epochs: 3,
      batchSize: 9,
      augment: { preset: 'cifar' },
      report: { misclassified: 3, correct: 2, gradcamMethod: 'gradcam' },
    };
    const configPath = join(root, 'run.json');
    await writeFile(configPath, JSON.stringify(config));
    const trained = await bin('bcos-train', [
      '--config',
      configPath,
      '--epochs',
      '1',
      '--data-dir',
      dataDir,
      '--out',
      out,
    ]);
    expect(trained.stderr ?? '').not.toMatch(/error/i);
    expect(trained.stdout).toMatch(/Trainable/); // the model summary
    expect(trained.stdout).toMatch(/epoch 1\/1 .*train loss/);
    for (const file of [
      'model/model.json',
      'model/bcos-model.json',
      'log.jsonl',
      'report/index.html',
      'checkpoints/latest.json',
    ])
      expect(existsSync(join(out, file)), file).toBe(true);
    const log = (await readFile(join(out, 'log.jsonl'), 'utf8')).trim().split('\n');
    expect(log.filter((l) => JSON.parse(l).event === 'epoch')).toHaveLength(1);

    const test = await cifar10(dataDir, { split: 'test' });
    const { images } = await test.get([0]);
    const photo = join(root, 'photo.png');
    await sharp(Buffer.from(images), { raw: { width: 32, height: 32, channels: 3 } })
      .png()
      .toFile(photo);
    const className = test.classNames[1]!;
    const explained = await bin('bcos-explain', [
      '--model',
      join(out, 'model'),
      '--image',
      photo,
      '--class',
      className,
      '--out',
      join(root, 'explain'),
      '--backend',
      'wasm',
    ]);
    expect(explained.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(5);
    expect(explained.stdout).toMatch(/^\S+\s+0\.\d{4}$/m);
    expect(explained.stdout).toContain('-bcos.png');
    const cam = await bin('bcos-explain', [
      '--model',
      join(out, 'model'),
      '--image',
      photo,
      '--method',
      'gradcam++',
      '--out',
      join(root, 'explain'),
      '--backend',
      'wasm',
    ]);
    expect(cam.stdout).toContain('-gradcampp.png');
    const refined = await bin('bcos-explain', [
      '--model',
      join(out, 'model'),
      '--image',
      photo,
      '--method',
      'refinecam',
      '--layer',
      'layer3.1,layer4.1',
      '--out',
      join(root, 'explain'),
      '--backend',
      'wasm',
    ]);
    expect(refined.stdout).toContain('-refinecam.png');
    const unknownClass = await bin('bcos-explain', [
      '--model',
      join(out, 'model'),
      '--image',
      photo,
      '--class',
      'Male',
      '--backend',
      'wasm',
    ]);
    expect(unknownClass.code).toBe(2);
    expect(unknownClass.stdout).toBe('');
    expect(unknownClass.stderr).toContain('--class Male: not a class of this model');

    // As many classes as the model, other names: refused, naming the first difference and both lists.
    const renamed = join(root, 'renamed');
    for (const [k, name] of test.classNames.entries())
      await mkdir(join(renamed, `${k}-${name}`), { recursive: true }).then(() =>
        copyFile(photo, join(renamed, `${k}-${name}`, 'a.png')),
      );
    const mismatched = await bin('bcos-eval', [
      '--model',
      join(out, 'model'),
      '--data',
      renamed,
      '--backend',
      'wasm',
    ]);
    expect(mismatched.code).toBe(2);
    expect(mismatched.stdout).toBe('');
    expect(mismatched.stderr).toContain(
      `--data ${renamed}'s classes differ from the model ${join(out, 'model')}'s: class 0 is '0-${test.classNames[0]}' in the data, '${test.classNames[0]}' in the model`,
    );

    const evaluated = await bin('bcos-eval', [
      '--model',
      join(out, 'model'),
      '--data',
      `cifar10:${dataDir}:test`,
      '--backend',
      'wasm',
      '--json',
      join(root, 'eval.json'),
    ]);
    expect(evaluated.stdout).toMatch(/8 images, loss \d+\.\d+, accuracy \d+\.\d%/);
    expect(evaluated.stdout).toContain('confusion matrix');
    const json = JSON.parse(await readFile(join(root, 'eval.json'), 'utf8'));
    expect(json.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(8);
  });

  it('--version prints the package version; bcos-train --help lists the config keys and points to the README', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    for (const name of ['bcos-train', 'bcos-explain', 'bcos-eval', 'bcos-explore'])
      expect((await bin(name, ['--version'])).stdout, name).toBe(`${version}\n`);
    expect((await bin('bcos-explore', ['--help'])).stdout).toMatch(/^usage: bcos-explore MODEL \[MODEL...\]/);
    const help = await bin('bcos-train', ['--help']);
    expect(help.stdout).toContain('README.md');
    expect(help.stdout).toMatch(/keys.*\n.*\bdata\*, .*\bepochs\*, .*\baugment\b/);
  });

  it('names unknown config keys and bad flags', async () => {
    const configPath = join(root, 'bad.json');
    await writeFile(
      configPath,
      JSON.stringify({
        data: { format: 'cifar10', dir: 'x' },
        model: { arch: 'resnet18' },
        optimizer: { name: 'adam', lr: 0.1 },
        epochs: 1,
        batchSize: 2,
        learningRate: 3,
      }),
    );
    const bad = await bin('bcos-train', ['--config', configPath]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("unknown key 'learningRate'");
    const usage = await bin('bcos-eval', ['--model', 'x', '--dataset', 'y']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Unknown option '--dataset'[\s\S]*usage: bcos-eval/);
  });
});
