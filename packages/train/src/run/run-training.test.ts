import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@bcos/backend';
import { generateShapes } from '@bcos/datasets/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineFor } from '../cli/model-input';
import { evaluate } from '../loop/evaluate';
import { parseRunConfig } from './config-schema';
import { readModelInfo } from './model-info';
import { runTraining } from './run-training';

describe('runTraining', () => {
  let root: string;
  let shapes: string;
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
    root = await mkdtemp(join(tmpdir(), 'bcos-run-training-'));
    shapes = (await generateShapes({ dir: join(root, 'shapes'), n: 16, testCount: 6, seed: 4 })).dir;
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('without per-epoch tests or a report, still measures the test split once trained', async () => {
    const config = parseRunConfig(
      {
        out: join(root, 'run'),
        data: { format: 'cifar10', dir: shapes, valFraction: 0.25 },
        model: { arch: 'resnet18', norm: 'layer', width: 4 },
        optimizer: { name: 'adam', lr: 0.001 },
        augment: { preset: 'flip', mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
        epochs: 1,
        batchSize: 8,
        testEachEpoch: false,
        report: { enabled: false },
      },
      'run.json',
    );
    const run = await runTraining(config, { progress: null, printSummary: false });
    try {
      expect([run.data.train.size, run.data.val?.size, run.data.test?.size]).toEqual([12, 4, 6]);
      expect(run.history).toHaveLength(1);
      expect(run.history[0]!.test).toBeUndefined();
      expect(run.paths).toEqual({
        out: join(root, 'run'),
        model: join(root, 'run', 'model'),
        checkpoints: join(root, 'run', 'checkpoints'),
        log: join(root, 'run', 'log.jsonl'),
      });
      const info = await readModelInfo(run.paths.model);
      expect(info).toMatchObject({ encoding: 'rgb', loss: 'crossentropy', imageShape: [32, 32, 3] });
      expect(info.normalize).toEqual({ mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] });
      // The final model on the test split, through the input pipeline it was saved with.
      const { evalTransform } = pipelineFor(info);
      const input = { encoding: 'rgb' as const, evalTransform };
      const { metrics } = await evaluate(run.model, run.data.test!, { batchSize: 8, input });
      expect(run.test).toEqual(metrics);
      expect(run.test?.count).toBe(6);
    } finally {
      run.model.dispose();
    }
  });
});
