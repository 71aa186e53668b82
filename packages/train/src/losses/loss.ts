import type * as tf from '@tensorflow/tfjs-core';
import { binaryCrossEntropy } from './bce';
import { crossEntropy } from './crossentropy';

export type LossName = 'crossentropy' | 'bce';
export type LossFunction = (logits: tf.Tensor2D, labels: tf.Tensor1D) => tf.Scalar;

export const LOSSES: Readonly<Record<LossName, LossFunction>> = {
  crossentropy: crossEntropy,
  bce: binaryCrossEntropy,
};

export function lossFunction(name: LossName): LossFunction {
  const loss = LOSSES[name];
  if (!loss) throw new Error(`loss: unknown '${name}'; expected ${Object.keys(LOSSES).join(' or ')}`);
  return loss;
}
