import { cp, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@bcos/backend';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { train } from '../loop/train';
import type { TrainOptions } from '../loop/train-options';
import { syntheticDataset, tinyConvNet } from '../test-dataset';

// Byte-level damage is caught before any tensor work, so one backend covers it.
describe('checkpoint fuzz', () => {
  let root: string;
  let trained: string;
  const options = (checkpointDir: string, extra: Partial<TrainOptions> = {}): TrainOptions => ({
    model: tinyConvNet(),
    data: { train: syntheticDataset({ size: 16 }) },
    optimizer: { name: 'adam', lr: 0.01 },
    epochs: 2,
    batchSize: 8,
    checkpointDir,
    progress: null,
    printSummary: false,
    ...extra,
  });
  beforeAll(async () => {
    await initBackend({ backend: 'cpu' });
    root = await mkdtemp(join(tmpdir(), 'bcos-checkpoint-fuzz-'));
    trained = join(root, 'trained');
    await train(options(trained, { epochs: 1 }));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('any truncation or flipped byte in any checkpoint file stops the resume with an error naming the folder', async () => {
    const checkpoint = join(trained, 'checkpoint-e0001-s00000000');
    const files = (await readdir(checkpoint)).sort();
    expect(files).toEqual([
      'checksums.json',
      'model.json',
      'optimizer.bin',
      'optimizer.json',
      'state.json',
      'weights.bin',
    ]);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...files),
        fc.boolean(),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 255 }),
        async (file, truncateIt, where, xor) => {
          const dir = join(root, `run-${runs++}`);
          await cp(trained, dir, { recursive: true });
          const path = join(dir, 'checkpoint-e0001-s00000000', file);
          const bytes = await readFile(path);
          const offset = Math.floor(where * bytes.byteLength);
          if (truncateIt) await truncate(path, offset);
          else {
            bytes[offset] = bytes[offset]! ^ xor;
            await writeFile(path, bytes);
          }
          const error = await train(options(dir, { resume: true })).then(
            () => undefined,
            (e: Error) => e,
          );
          expect(error, `${truncateIt ? 'truncated' : 'flipped'} ${file} at ${offset}`).toBeDefined();
          expect(error).not.toBeInstanceOf(TypeError);
          expect(error!.message).toContain(join(dir, 'checkpoint-e0001-s00000000'));
          await rm(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 30, seed: 17 },
    );
  });
});
