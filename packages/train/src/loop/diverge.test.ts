import '@bcos/backend';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackends } from '@bcos/backend/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticDataset, tinyBatchNormNet } from '../test-dataset';
import { NonFiniteLossError } from './non-finite-loss-error';
import { train } from './train';
import type { TrainOptions } from './train-options';

// 2 steps per epoch, a checkpoint after each: cheap enough for software webgpu.
const data = { train: syntheticDataset({ size: 16 }), val: syntheticDataset({ size: 8, seed: 2 }) };

async function nonFiniteWeights(directory: string): Promise<number> {
  const bytes = await readFile(join(directory, 'weights.bin'));
  const weights = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return weights.filter((w) => !Number.isFinite(w)).length;
}

describeBackends('a diverging run', ({ name }) => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `bcos-diverge-${name}-`));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  // On wasm a NaN kernel gives −Infinity, ReLU makes it 0 and the loss stays finite.
  const cases: TrainOptions['optimizer'][] = [
    { name: 'sgd', lr: 1e8 },
    { name: 'sgd', lr: 1e30 },
  ];
  for (const optimizer of cases) {
    it(`never leaves non-finite weights in a checkpoint or the model, and names why it stopped (sgd lr ${optimizer.lr})`, async () => {
      const checkpointDir = join(dir, `${optimizer.lr}`);
      const model = tinyBatchNormNet();
      const run = train({
        model,
        data,
        optimizer,
        epochs: 3,
        batchSize: 8,
        checkpointDir,
        checkpointEverySteps: 1,
        bestModel: { monitor: 'val.accuracy' },
        progress: null,
        printSummary: false,
      });
      const outcome = await run.then(
        () => undefined,
        (e: Error) => e,
      );
      const weightsLeftNonFinite = (await Promise.all(model.getWeights().map((w) => w.data()))).some(
        (values) => values.some((v) => !Number.isFinite(v)),
      );
      model.dispose();
      const folders = (await readdir(checkpointDir).catch(() => [] as string[])).filter(
        (n) => n === 'best' || n.startsWith('checkpoint-'),
      );
      for (const folder of folders)
        expect(await nonFiniteWeights(join(checkpointDir, folder)), folder).toBe(0);
      if (outcome === undefined) {
        // Finishing is fine only with finite weights (huge weights still give a finite loss on some backends).
        expect(weightsLeftNonFinite, 'training finished with non-finite weights').toBe(false);
        return;
      }
      expect(outcome).toBeInstanceOf(NonFiniteLossError);
      expect(outcome.message).toMatch(/became (NaN|-?Infinity|NaN or ±Infinity)/);
      const { lastCheckpoint } = outcome as NonFiniteLossError;
      if (lastCheckpoint) {
        expect(outcome.message).toContain(lastCheckpoint);
        expect(await nonFiniteWeights(lastCheckpoint)).toBe(0);
      } else expect(outcome.message).toContain('No checkpoint was written');
    });
  }

  it('names the checkpoint written before the loss blew up as the one to resume', async () => {
    const checkpointDir = join(dir, 'late');
    const model = tinyBatchNormNet();
    const error = await train({
      model,
      data,
      optimizer: { name: 'sgd', lr: 0.01 },
      schedule: { name: 'multiStep', milestones: [1], gamma: 1e32 }, // lr 1e30 from epoch 2
      epochs: 4,
      batchSize: 8,
      checkpointDir,
      checkpointEverySteps: 1,
      keepCheckpoints: 5,
      progress: null,
      printSummary: false,
    }).then(
      () => new Error('training finished'),
      (e: Error) => e,
    );
    model.dispose();
    expect(error).toBeInstanceOf(NonFiniteLossError);
    const resumeFrom = /resume from (\S+?)[ ,.(]/.exec(error.message)?.[1];
    expect(resumeFrom, error.message).toBeDefined();
    const state = JSON.parse(await readFile(join(resumeFrom!, 'state.json'), 'utf8'));
    expect(state.health.trainLoss).toBeLessThan(10);
    expect(state.health.largestWeight).toBeLessThan(10);
  });
});
