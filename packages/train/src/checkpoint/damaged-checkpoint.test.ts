import '@bcos/backend';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackends } from '@bcos/backend/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { train } from '../loop/train';
import type { TrainOptions } from '../loop/train-options';
import { syntheticDataset, tinyConvNet } from '../test-dataset';

const data = { train: syntheticDataset({ size: 24 }) };

function options(checkpointDir: string, overrides: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model: tinyConvNet(),
    data,
    optimizer: { name: 'adam', lr: 0.01 },
    epochs: 2,
    batchSize: 8,
    checkpointDir,
    progress: null,
    printSummary: false,
    ...overrides,
  };
}

const message = (run: Promise<unknown>) =>
  run.then(
    () => 'no error',
    (error: Error) => error.message,
  );

describeBackends('damaged checkpoints', ({ name }) => {
  let root: string;
  let trained: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), `bcos-damaged-${name}-`));
    trained = join(root, 'trained');
    await train(options(trained, { epochs: 1 }));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  /** A copy of the trained run's checkpoints, damaged by `damage(checkpointFolder)`. */
  async function damaged(label: string, damage: (checkpoint: string) => Promise<void>): Promise<string> {
    const dir = join(root, label);
    await cp(trained, dir, { recursive: true });
    await damage(join(dir, 'checkpoint-e0001-s00000000'));
    return dir;
  }

  const truncateHalf = async (path: string) =>
    truncate(path, Math.floor((await readFile(path)).byteLength / 2) + 1);

  for (const file of ['state.json', 'optimizer.json', 'optimizer.bin', 'weights.bin', 'model.json']) {
    it(`a truncated ${file} is an error naming it (checked against checksums.json)`, async () => {
      const dir = await damaged(`sum-${file}`, (checkpoint) => truncateHalf(join(checkpoint, file)));
      expect(await message(train(options(dir, { resume: true })))).toMatch(
        new RegExp(
          `checkpoint-e0001-s00000000/${file.replace('.', '\\.')} does not match its checksum in checksums\\.json`,
        ),
      );
    });
  }

  // Checkpoints written before checksums existed: each reader still names the file it cannot use.
  for (const [file, pattern] of [
    ['state.json', /state\.json is damaged \(.*JSON/],
    ['optimizer.json', /optimizer\.json: cannot read the optimizer state \(.*JSON/],
    [
      'optimizer.bin',
      /optimizer\.bin holds \d+ bytes, but .*optimizer\.json describes \d+: the checkpoint is damaged/,
    ],
  ] as const) {
    it(`a truncated ${file} without checksums.json is an error naming it`, async () => {
      const dir = await damaged(file, async (checkpoint) => {
        await rm(join(checkpoint, 'checksums.json'));
        await truncateHalf(join(checkpoint, file));
      });
      expect(await message(train(options(dir, { resume: true })))).toMatch(pattern);
    });
  }

  it('resume without latest.json is an error naming the checkpoints there; resume by path works', async () => {
    const dir = await damaged('no-latest', async () => rm(join(root, 'no-latest', 'latest.json')));
    expect(await message(train(options(dir, { resume: true })))).toMatch(
      /latest\.json is missing, but .* holds checkpoint-e0001-s00000000; resume from one by its path/,
    );
    const empty = join(root, 'empty');
    expect(await message(train(options(empty, { resume: true })))).toMatch(
      /holds no checkpoint to resume .*train without resume to start a new run/,
    );
    const resumed = await train(options(dir, { resume: join(dir, 'checkpoint-e0001-s00000000') }));
    expect(resumed.history.map((r) => r.epoch)).toEqual([1, 2]);
  });

  it('cleans up what a killed checkpoint write left, restoring a moved-aside folder', async () => {
    const dir = await damaged('leftovers', async (checkpoint) => {
      const half = join(root, 'leftovers', '.checkpoint-e0001-s00000004.tmp-0123abcd');
      await mkdir(half);
      await writeFile(join(half, 'weights.bin'), 'half');
      await writeFile(join(root, 'leftovers', '.0123456789ab.tmp'), '{"checkp');
      // Killed between moving the old `best` aside and renaming the new one into place.
      await cp(checkpoint, join(root, 'leftovers', '.best.old-89abcdef'), { recursive: true });
    });
    await train(options(dir, { resume: true }));
    const entries = await readdir(dir);
    expect(entries.filter((n) => n.startsWith('.'))).toEqual([]);
    expect(entries).toContain('best');
  });
});
