import * as tf from '@tensorflow/tfjs-core';

/**
 * Binary cross-entropy on sigmoid(logits) against one-hot targets, averaged over all N·C entries
 * (PyTorch `BCEWithLogitsLoss` on one-hot labels, as B-cos v2 trains), in the stable form
 * max(x, 0) − x·y + log(1 + e^−|x|).
 */
export function binaryCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const targets = tf.oneHot(tf.cast(labels, 'int32'), logits.shape[1]);
    const perEntry = tf.add(
      tf.sub(tf.relu(logits), tf.mul(logits, targets)),
      tf.log1p(tf.exp(tf.neg(tf.abs(logits)))),
    );
    return tf.mean(perEntry) as tf.Scalar;
  });
}
