import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunConfig } from './read-run-config';

const config = {
  out: 'runs/x',
  data: { format: 'celeba', dir: '../data/celeba', cache: 'cache' },
  model: { arch: 'resnet18' },
  optimizer: { name: 'sgd', lr: 0.1 },
  epochs: 1,
  batchSize: 2,
};

describe('readRunConfig: paths of the file against its folder, of the flags against the current directory', () => {
  let root: string;
  let configPath: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bcos-read-config-'));
    await mkdir(join(root, 'configs'));
    configPath = join(root, 'configs/run.json');
    await writeFile(configPath, JSON.stringify(config));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('resolves out, data.dir and data.cache against the config file, whatever the current directory', async () => {
    const read = await readRunConfig(configPath);
    expect(read.out).toBe(join(root, 'configs/runs/x'));
    expect(read.data.dir).toBe(join(root, 'data/celeba'));
    expect(read.data.format === 'celeba' && read.data.cache).toBe(join(root, 'configs/cache'));
  });

  it('the default out is in the config file folder too', async () => {
    const path = join(root, 'configs/no-out.json');
    await writeFile(path, JSON.stringify({ ...config, out: undefined }));
    expect((await readRunConfig(path)).out).toBe(join(root, 'configs/runs/latest'));
  });

  it('--data-dir and --out are relative to the current directory', async () => {
    const read = await readRunConfig(configPath, { dataDir: 'flag-data', out: 'flag-out', epochs: 3 });
    expect(read.data.dir).toBe(resolve('flag-data'));
    expect(read.out).toBe(resolve('flag-out'));
    expect(read.epochs).toBe(3);
  });
});
