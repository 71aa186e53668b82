import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalCommand } from './eval-command';
import { explainCommand } from './explain-command';
import { UsageError } from './run-cli';
import { trainCommand } from './train-command';

const config = {
  data: { format: 'cifar10', dir: 'data' },
  model: { arch: 'resnet18' },
  optimizer: { name: 'sgd', lr: 0.1 },
  epochs: 1,
  batchSize: 2,
};

/** The error a command fails with, before it starts a backend or reads any data. */
const failure = (run: Promise<void>) =>
  run.then(
    () => new Error('no error'),
    (error: Error) => error,
  );

describe('CLI arguments are checked before any work, each error naming its flag', () => {
  let root: string;
  let configPath: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bcos-cli-errors-'));
    configPath = join(root, 'run.json');
    await writeFile(configPath, JSON.stringify(config));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('bcos-train: bad --epochs and --backend are usage errors about the flag, not the config file', async () => {
    for (const [argv, message] of [
      [['--epochs=-3'], "--epochs must be a positive integer, got '-3'"],
      [['--epochs', '1.5'], "--epochs must be a positive integer, got '1.5'"],
      [['--backend', 'gpu'], '--backend gpu: expected one of auto, tensorflow, webgpu, webgl, wasm, cpu'],
      [['--resume', '--resume-from', 'x'], '--resume and --resume-from exclude each other'],
    ] as const) {
      const error = await failure(trainCommand(['--config', configPath, ...argv]));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toContain(message);
      expect(error.message).not.toContain(configPath);
    }
  });

  it('bcos-train: a config file holding null (or an array) says so', async () => {
    for (const value of ['null', '[1]']) {
      const path = join(root, `${value}.json`);
      await writeFile(path, value);
      expect((await failure(trainCommand(['--config', path]))).message).toBe(
        `--config ${path} must hold a JSON object (a run config), not ${value}`,
      );
    }
  });

  it('bcos-train: a missing data folder names data.dir, the resolved path and the config file', async () => {
    const error = await failure(trainCommand(['--config', configPath]));
    expect(error).not.toBeInstanceOf(UsageError);
    expect(error.message).toBe(
      `data.dir of ${configPath}: ${join(root, 'data')} does not exist (a run config's paths are relative to its folder)`,
    );
  });

  it('bcos-train: a missing --data-dir is a usage error about the flag', async () => {
    const error = await failure(trainCommand(['--config', configPath, '--data-dir', 'no-such-dir']));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`--data-dir no-such-dir: ${resolve('no-such-dir')} does not exist`);
  });

  it('bcos-explain --top and bcos-eval --batch-size must be positive integers', async () => {
    for (const top of ['0', '-1', 'x']) {
      const error = await failure(explainCommand(['--model', 'm', '--image', 'i.png', `--top=${top}`]));
      expect(error).toBeInstanceOf(UsageError);
      expect(error.message).toBe(`--top must be a positive integer, got '${top}'`);
    }
    const error = await failure(evalCommand(['--model', 'm', '--data', 'd', '--batch-size', '0']));
    expect(error.message).toBe("--batch-size must be a positive integer, got '0'");
  });
});
