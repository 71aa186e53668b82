import * as tf from '@tensorflow/tfjs-core';

/** Scales each filter (slice along the last axis) of a kernel to unit L2 norm. */
export function unitNormFilters(kernel: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const filterAxes = kernel.shape.slice(0, -1).map((_, axis) => axis);
    const norms = tf.sqrt(tf.sum(tf.square(kernel), filterAxes, true));
    return tf.div(kernel, norms);
  });
}
