import '@bcos/backend';
import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import { expect, it } from 'vitest';
import { syntheticDataset, tinyConvNet } from '../test-dataset';
import { train } from './train';
import type { TrainOptions } from './train-options';

// 36 images in batches of 8: four full batches (captured) and a last one of 4 (eager) per epoch.
const data = { train: syntheticDataset({ size: 36 }) };

async function trainTwin(captureSteps: boolean, optimizer: TrainOptions['optimizer']) {
  const model = tinyConvNet();
  const result = await train({
    model,
    data,
    optimizer,
    schedule: { name: 'cosine' },
    epochs: 2,
    clip: { kind: 'norm', maxNorm: 1 },
    batchSize: 8,
    seed: 3,
    progress: null,
    captureSteps,
  });
  const weights = await Promise.all(model.getWeights().map((w) => w.data()));
  model.dispose();
  return { result, weights };
}

describeBackends('train with captured steps', ({ name }) => {
  it('gives the training curve and weights of eager steps (AdamW, L2, clipping, cosine schedule)', async () => {
    const optimizer = { name: 'adamw', lr: 0.03, l2: 1e-4 } as const;
    const captured = await trainTwin(true, optimizer);
    const eager = await trainTwin(false, optimizer);
    const curve = (r: typeof captured) => r.result.history.flatMap((e) => [e.train.loss, e.train.accuracy]);
    await expectAllClose(curve(captured), curve(eager), { rtol: 1e-5, atol: 1e-6, label: 'curve' });
    for (const [i, w] of captured.weights.entries())
      await expectAllClose(w, eager.weights[i]!, { rtol: 1e-5, atol: 1e-6, label: `weight ${i}` });
    expect(eager.result.stepCapture).toBeUndefined();
    // The first step creates Adam's slots; the next two recordings agree; 8 − 3 steps replay.
    if (name === 'webgpu') expect(captured.result.stepCapture).toMatchObject({ recordings: 3, replays: 5 });
    else expect(captured.result.stepCapture).toMatchObject({ recordings: 0, replays: 0 });
  });
});
