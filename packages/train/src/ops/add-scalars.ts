import * as tf from '@tensorflow/tfjs-core';

/**
 * Σ of many scalars as one op pair (stack, sum). Not `tf.addN`: webgpu's AddN binds every input to
 * one shader, and past the device's storage-buffer limit (8 on many adapters; a ResNet-18 has 62
 * weights) the pipeline is invalid and the result garbage, with only a validation message on stderr.
 * webgpu's concat splits its inputs into groups that fit.
 */
export function addScalars(scalars: readonly tf.Scalar[]): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.stack(scalars as tf.Scalar[])));
}
