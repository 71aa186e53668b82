import * as tf from '@tensorflow/tfjs-core';

/** webgpu binds at most 8 storage buffers to one kernel, its output included: AddN takes 7 inputs at a time. */
const ADD_N_INPUTS = 7;

/** Σ over `tensors` of Σ t² as one scalar, for any number of tensors on every backend. */
export function sumOfSquares(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    let terms: tf.Tensor[] = tensors.map((t) => tf.sum(tf.square(t)));
    if (terms.length === 0) return tf.scalar(0);
    while (terms.length > 1) {
      const sums: tf.Tensor[] = [];
      for (let i = 0; i < terms.length; i += ADD_N_INPUTS) {
        const chunk = terms.slice(i, i + ADD_N_INPUTS);
        sums.push(chunk.length === 1 ? chunk[0]! : tf.addN(chunk));
      }
      terms = sums;
    }
    return terms[0] as tf.Scalar;
  });
}
