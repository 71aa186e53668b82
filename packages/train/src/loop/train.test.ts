import '@bcos/backend';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rng, Transform } from '@bcos/augment';
import { describeBackends, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticDataset, tinyConvNet } from '../test-dataset';
import { NonFiniteLossError } from './non-finite-loss-error';
import { train } from './train';
import type { TrainOptions } from './train-options';

const data = { train: syntheticDataset({ size: 48 }), val: syntheticDataset({ size: 24, seed: 2 }) };

function options(overrides: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model: overrides.model ?? tinyConvNet(),
    data,
    optimizer: { name: 'adam', lr: 0.03 },
    epochs: 3,
    batchSize: 8,
    seed: 5,
    progress: null,
    readEverySteps: 2,
    ...overrides,
  };
}

/** A real Transform that poisons every batch from its `from`-th call on (to trip the NaN guard). */
function poisonFrom(from: number): Transform {
  let calls = 0;
  return {
    name: 'PoisonFrom',
    config: { from },
    apply: (batch: tf.Tensor4D, _rng: Rng) => (++calls >= from ? tf.mul(batch, Number.NaN) : tf.clone(batch)),
    toString: () => `PoisonFrom(${from})`,
  };
}

describeBackends('train', ({ name }) => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `bcos-train-${name}-`));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('learns the synthetic task, logs JSONL epochs and keeps per-class metrics', async () => {
    const logFile = join(dir, 'log.jsonl');
    const result = await train(options({ logFile, schedule: { name: 'cosine' } }));
    const last = result.history.at(-1)!;
    expect(result.history.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(last.val!.accuracy).toBeGreaterThan(0.6);
    expect(last.train.count).toBe(48);
    expect(last.val!.confusion.flat().reduce((a, b) => a + b)).toBe(24);
    expect(last.val!.perClassAccuracy).toHaveLength(3);
    expect(result.history[0]!.lr).toBeGreaterThan(last.lr);
    const lines = (await readFile(logFile, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.event)).toEqual(['start', 'epoch', 'epoch', 'epoch', 'end']);
    expect(lines[1].train.accuracy).toBe(result.history[0]!.train.accuracy);
  });

  it('leaks no tensors over a whole run', async () => {
    const model = tinyConvNet();
    const run = () =>
      train(
        options({
          model,
          epochs: 1,
          clip: { kind: 'agc', clipFactor: 0.1 },
          optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9, l2: 1e-4 },
        }),
      );
    await run(); // tfjs-layers caches a few tensors on a model's first training call
    await expectNoLeaks(run);
    model.dispose();
  });

  it('is deterministic for a seed: data order, augmentation and initialisation', async () => {
    const a = await train(options({ epochs: 2 }));
    const b = await train(options({ epochs: 2 }));
    expect(b.history.map((r) => [r.train, r.val])).toEqual(a.history.map((r) => [r.train, r.val]));
  });

  it('stops on a NaN loss with a clear error and leaves the last good checkpoint intact', async () => {
    const checkpointDir = join(dir, 'nan');
    const run = train(options({ checkpointDir, augment: poisonFrom(8) })); // 6 steps per epoch: NaN in epoch 2
    await expect(run).rejects.toThrow(NonFiniteLossError);
    await expect(run).rejects.toThrow(/loss became NaN in epoch 2 .*checkpoint-e0001-s00000000, is intact/);
    const latest = JSON.parse(await readFile(join(checkpointDir, 'latest.json'), 'utf8'));
    expect(latest.checkpoint).toBe('checkpoint-e0001-s00000000');
    const state = JSON.parse(await readFile(join(checkpointDir, latest.checkpoint, 'state.json'), 'utf8'));
    expect(Number.isFinite(state.history[0].train.loss)).toBe(true);
  });

  it('early stopping ends the run and the best model is restored', async () => {
    const checkpointDir = join(dir, 'early');
    const result = await train(
      options({
        epochs: 6,
        optimizer: { name: 'sgd', lr: 0 },
        checkpointDir,
        earlyStopping: { monitor: 'val.loss', patience: 1 },
        bestModel: { monitor: 'val.accuracy', restore: true },
      }),
    );
    expect(result.stopReason).toBe('earlyStopping');
    expect(result.history).toHaveLength(3);
    expect(result.best).toMatchObject({ epoch: 1, path: join(checkpointDir, 'best') });
  });
});
