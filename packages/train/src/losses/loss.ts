import type * as tf from '@tensorflow/tfjs-core';
import type { InputEncoding } from '../loop/input-pipeline';
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

/**
 * The loss a model is trained and evaluated with when none is chosen, the one rule for `train`,
 * `evaluate` and `runTraining`: B-cos v2's BCE for models taking B-cos' 6-channel encoding, else
 * cross-entropy.
 */
export function defaultLoss(encoding: InputEncoding): LossName {
  return encoding === 'bcos' ? 'bce' : 'crossentropy';
}
