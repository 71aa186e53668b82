import * as tf from '@tensorflow/tfjs-core';

/**
 * Σ of many scalars as one op pair (stack, sum). Not `tf.addN`: webgpu's AddN binds every input to
 * one shader, so past the device's storage-buffer limit (8 on many adapters; a ResNet-18 has 62
 * weights) @bcos/backend's AddN sums them in groups, one dispatch per 6 inputs; webgpu's concat
 * splits its inputs into groups too, in one kernel call.
 */
export function addScalars(scalars: readonly tf.Scalar[]): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.stack(scalars as tf.Scalar[])));
}
