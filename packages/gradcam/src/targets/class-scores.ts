import * as tf from '@tensorflow/tfjs-core';
import type { OutputKind } from './output-kind';

/**
 * One score per class and row ([rows, classes]). A binary model's single unit becomes two columns,
 * [negative, positive]: the positive class scores the output, the negative class 1 − p after a
 * sigmoid and −z for a raw logit z. Either differs from the positive score by a constant sign flip
 * plus offset, so both classes get opposite gradients and the predicted class is the larger column.
 */
function classColumns(output: tf.Tensor2D, kind: OutputKind): tf.Tensor2D {
  if (kind.classes > 1) return output;
  const positive = tf.reshape(output, [-1]);
  const negative = kind.sigmoid ? tf.sub(1, positive) : tf.neg(positive);
  return tf.stack([negative, positive], 1) as tf.Tensor2D;
}

/** The score of class `classes[r]` in row r of `output` ([rows, classes]). */
export function classScores(output: tf.Tensor2D, classes: tf.Tensor1D, kind: OutputKind): tf.Tensor1D {
  return tf.tidy(() => {
    const columns = classColumns(output, kind);
    return tf.sum(tf.mul(columns, tf.oneHot(classes, columns.shape[1])), 1) as tf.Tensor1D;
  });
}

/** The class each row of `output` predicts: the arg-max (for one unit: p > 0.5 after a sigmoid, z > 0 otherwise). */
export function predictedClasses(output: tf.Tensor2D, kind: OutputKind): tf.Tensor1D {
  return tf.tidy(() => tf.argMax(classColumns(output, kind), 1) as tf.Tensor1D);
}
