import '@bcos/backend';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describeBackends, describeWithSystemPart } from '@bcos/backend/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticDataset, tinyConvNet } from '../test-dataset';
import { train } from './train';
import type { TrainOptions } from './train-options';

const run = promisify(execFile);
const mountPoint = join(tmpdir(), `bcos-disk-full-${process.pid}`);

/** Mounts a 1 MiB tmpfs to fill up (root, as CI runs); the reason when this system does not allow it. */
async function mountSmallDisk(): Promise<string | undefined> {
  await mkdir(mountPoint, { recursive: true });
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mountPoint]);
    return undefined;
  } catch (error) {
    await rm(mountPoint, { recursive: true, force: true });
    return `cannot mount a small tmpfs to fill (needs root and CAP_SYS_ADMIN): ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`;
  }
}

/** Writes 4 KiB blocks into `path` until the disk is full. */
async function fillDisk(path: string): Promise<void> {
  const block = Buffer.alloc(4096, 1);
  const chunks: Buffer[] = [];
  for (;;) {
    chunks.push(block);
    try {
      await writeFile(path, Buffer.concat(chunks));
    } catch {
      chunks.pop();
      await writeFile(path, Buffer.concat(chunks));
      return;
    }
  }
}

describeWithSystemPart('training onto a disk that fills up', mountSmallDisk, () => {
  afterAll(async () => {
    await run('umount', [mountPoint]);
    await rm(mountPoint, { recursive: true, force: true });
  });

  describeBackends('disk full', ({ name }) => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(mountPoint, `${name}-`));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    const options = (checkpointDir: string, extra: Partial<TrainOptions> = {}): TrainOptions => ({
      model: tinyConvNet(),
      data: { train: syntheticDataset({ size: 24 }) },
      optimizer: { name: 'adam', lr: 0.01 },
      epochs: 3,
      batchSize: 8,
      checkpointDir,
      progress: null,
      printSummary: false,
      ...extra,
    });

    it('stops with ENOSPC naming the file, keeps the last checkpoint, and resumes once there is room', async () => {
      const checkpointDir = join(dir, 'checkpoints');
      const filler = join(dir, 'filler');
      const error = await train(
        options(checkpointDir, {
          callbacks: { onEpochEnd: async (record) => (record.epoch === 1 ? fillDisk(filler) : undefined) },
        }),
      ).then(
        () => new Error('training finished'),
        (e: Error) => e,
      );
      expect(error.message).toMatch(
        new RegExp(`^${checkpointDir}/\\S+: no space left on the device \\(ENOSPC, writing\\)`),
      );
      expect((await readdir(checkpointDir)).filter((n) => n.startsWith('.'))).toEqual([]);
      const latest = JSON.parse(await readFile(join(checkpointDir, 'latest.json'), 'utf8'));
      expect(latest.checkpoint).toBe('checkpoint-e0001-s00000000');

      await rm(filler);
      const resumed = await train(options(checkpointDir, { resume: true }));
      expect(resumed.history.map((r) => r.epoch)).toEqual([1, 2, 3]);
    });
  });
});
