import '@bcos/backend';
import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { lossFunction } from './loss';

const logits = [
  [2, -1, 0.5],
  [-30, 40, 0],
];
const labels = [0, 2];

describeBackends('losses', () => {
  it('crossentropy: mean of −log softmax at the label', async () => {
    const expected =
      logits
        .map((row, i) => Math.log(row.reduce((s, x) => s + Math.exp(x), 0)) - row[labels[i]!]!)
        .reduce((a, b) => a + b) / 2;
    const loss = lossFunction('crossentropy')(tf.tensor2d(logits), tf.tensor1d(labels, 'int32'));
    await expectAllClose(loss, expected, { rtol: 1e-5 });
  });

  it('bce: mean over N·C of BCE(sigmoid(x), one-hot), finite for large |x|', async () => {
    const sigmoidBce = (x: number, y: number) => Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
    const entries = logits.flatMap((row, i) => row.map((x, c) => sigmoidBce(x, c === labels[i] ? 1 : 0)));
    const loss = lossFunction('bce')(tf.tensor2d(logits), tf.tensor1d(labels, 'int32'));
    await expectAllClose(loss, entries.reduce((a, b) => a + b) / entries.length, { rtol: 1e-5 });
  });

  it('names the unknown loss', () => {
    expect(() => lossFunction('hinge' as 'bce')).toThrow(/unknown 'hinge'; expected crossentropy or bce/);
  });
});
