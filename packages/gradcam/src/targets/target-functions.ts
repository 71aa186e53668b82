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
