import '@bcos/backend';
import { describeBackends } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { evaluate } from '../loop/evaluate';
import { train } from '../loop/train';
import { syntheticDataset, tinyBcosNet, tinyConvNet } from '../test-dataset';
import { defaultLoss, type LossName } from './loss';

/** One epoch's training loss from the model's current weights (restored afterwards). */
async function firstEpochLoss(model: LayersModel, loss: LossName | undefined): Promise<number> {
  const initial = model.getWeights().map((w) => tf.clone(w));
  const { history } = await train({
    model,
    data: { train: syntheticDataset({ size: 8 }) },
    ...(loss ? { loss } : {}),
    optimizer: { name: 'sgd', lr: 0.1 },
    epochs: 1,
    batchSize: 4,
    progress: null,
    printSummary: false,
    captureSteps: false,
  });
  model.setWeights(initial);
  tf.dispose(initial);
  return history[0]!.train.loss;
}

describeBackends('the default loss: one rule for train, evaluate and runTraining', () => {
  it("is BCE for B-cos' 6-channel encoding and cross-entropy otherwise", () => {
    expect(defaultLoss('bcos')).toBe('bce');
    expect(defaultLoss('rgb')).toBe('crossentropy');
  });

  it('evaluate() and train() use it when no loss is given', async () => {
    const dataset = syntheticDataset({ size: 6 });
    for (const [model, expected] of [
      [tinyBcosNet(), 'bce'],
      [tinyConvNet(), 'crossentropy'],
    ] as const) {
      const byDefault = await evaluate(model, dataset);
      const chosen = await evaluate(model, dataset, { loss: expected });
      expect(byDefault.metrics.loss, expected).toBe(chosen.metrics.loss);
      expect(await firstEpochLoss(model, undefined), expected).toBe(await firstEpochLoss(model, expected));
      model.dispose();
    }
  });
});
