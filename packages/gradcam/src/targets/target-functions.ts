import * as tf from '@tensorflow/tfjs-core';
import type { TargetFunction } from './targets';

/** The model output of class `category` (pytorch-grad-cam's ClassifierOutputTarget). */
export function classifierOutputTarget(category: number): TargetFunction {
  return (output) =>
    tf.tidy(() => {
      checkCategory(category, output);
      return tf.reshape(tf.slice(output, [0, category], [-1, 1]), [-1]) as tf.Tensor1D;
    });
}

/** The softmax probability of class `category` (pytorch-grad-cam's ClassifierOutputSoftmaxTarget). */
export function classifierOutputSoftmaxTarget(category: number): TargetFunction {
  return (output) => tf.tidy(() => classifierOutputTarget(category)(tf.softmax(output) as tf.Tensor2D));
}

function checkCategory(category: number, output: tf.Tensor2D): void {
  const classes = output.shape[1];
  if (!Number.isInteger(category))
    throw new Error(`targets: class ${category} is not an integer class index`);
  if (category < 0 || category >= classes) {
    throw new Error(`targets: class ${category} is out of range for a model with ${classes} outputs`);
  }
}

/**
 * ReST (pytorch-grad-cam's ClassifierOutputReST): the logit minus the cross-entropy of class
 * `category`, z_c − (logsumexp z − z_c) = 2·z_c − logsumexp z, combining pre- and post-softmax scores.
 */
export function classifierOutputReST(category: number): TargetFunction {
  return (output) =>
    tf.tidy(() => {
      checkCategory(category, output);
      return restScores(output, tf.oneHot([category], output.shape[1]) as tf.Tensor2D);
    });
}

/**
 * 2·z_c − logsumexp z per row, with its gradient 2·e_c − softmax z computed afresh from z: tf's
 * own logsumexp gradient reuses its forward outputs, which a second derivative (Shapley-CAM's
 * Hessian-vector product) cannot differentiate through.
 */
const restScores = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [output, classMask, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([output, classMask]);
  return {
    value: tf.sub(tf.sum(tf.mul(2, tf.mul(output, classMask)), 1), tf.logSumExp(output, 1)),
    gradFunc: (dy: tf.Tensor, [z, mask]: tf.Tensor[]) => [
      tf.mul(tf.expandDims(dy, 1), tf.sub(tf.mul(2, mask!), tf.softmax(z!))),
      tf.zerosLike(mask!),
    ],
  };
}) as (output: tf.Tensor2D, classMask: tf.Tensor2D) => tf.Tensor1D;

/** The single output unit as it is (pytorch-grad-cam's RawScoresOutputTarget, for one-unit heads). */
export function rawScoresOutputTarget(): TargetFunction {
  return (output) =>
    tf.tidy(() => {
      if (output.shape[1] !== 1) {
        throw new Error(
          `targets: rawScoresOutputTarget needs a model with one output unit, got ${output.shape[1]} (a sum of several scores is no class score)`,
        );
      }
      return tf.reshape(output, [-1]) as tf.Tensor1D;
    });
}

/** A one-unit head's logit for class 1, its negation for class 0 (BinaryClassifierOutputTarget). */
export function binaryClassifierOutputTarget(category: 0 | 1): TargetFunction {
  if (category !== 0 && category !== 1) throw new Error(`targets: a binary class is 0 or 1, got ${category}`);
  return (output) =>
    tf.tidy(() => {
      const logit = rawScoresOutputTarget()(output);
      return category === 1 ? logit : (tf.neg(logit) as tf.Tensor1D);
    });
}

/**
 * Finer-CAM's target (FinerWeightedTarget): the main class's logit minus `alpha` times each
 * comparison class's logit, averaged with the comparison classes' softmax probabilities as weights.
 */
export function finerWeightedTarget(
  mainCategory: number,
  comparisonCategories: readonly number[],
  alpha: number,
): TargetFunction {
  if (comparisonCategories.length === 0)
    throw new Error('targets: finerWeightedTarget needs comparison classes');
  return (output) =>
    tf.tidy(() => {
      const main = classifierOutputTarget(mainCategory)(output);
      const probabilities = tf.softmax(output) as tf.Tensor2D;
      let numerator: tf.Tensor = tf.zerosLike(main);
      let denominator: tf.Tensor = tf.zerosLike(main);
      for (const category of comparisonCategories) {
        const weight = classifierOutputTarget(category)(probabilities);
        const difference = tf.sub(main, tf.mul(alpha, classifierOutputTarget(category)(output)));
        numerator = tf.add(numerator, tf.mul(weight, difference));
        denominator = tf.add(denominator, weight);
      }
      return tf.div(numerator, tf.add(denominator, 1e-9)) as tf.Tensor1D;
    });
}
