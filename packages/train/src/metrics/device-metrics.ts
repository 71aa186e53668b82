import * as tf from '@tensorflow/tfjs-core';
import type { MetricTotals } from './metric-totals';

/** Loss, count and accuracy so far, for progress lines. */
export interface RunningValues {
  loss: number;
  accuracy: number;
  count: number;
}

/**
 * Loss sum, example count, correct count and confusion matrix kept in device variables and updated
 * by tensor ops, so a training step never waits for the device. Reads copy the values first: a
 * variable's buffer is replaced (and freed) by the next step's assign while a read may still be in
 * flight.
 */
export class DeviceMetrics {
  private readonly sums = tf.tidy(() => tf.variable(tf.zeros([3]), false)); // [lossSum, count, correct]
  private readonly confusion: tf.Variable;

  constructor(readonly classes: number) {
    if (!Number.isInteger(classes) || classes < 1)
      throw new Error(`metrics: classes must be a positive integer, got ${classes}`);
    this.confusion = tf.tidy(() => tf.variable(tf.zeros([classes, classes]), false));
  }

  /** Adds one batch: `meanLoss` is the batch's mean per-example loss. */
  add(meanLoss: tf.Scalar, logits: tf.Tensor2D, labels: tf.Tensor1D): void {
    tf.tidy(() => {
      const n = labels.shape[0];
      const predicted = tf.argMax(logits, -1);
      const truth = tf.cast(labels, 'int32');
      const correct = tf.sum(tf.cast(tf.equal(predicted, truth), 'float32'));
      const batch = tf.stack([tf.mul(meanLoss, n), tf.scalar(n), correct]);
      this.sums.assign(tf.add(this.sums, batch));
      const oneHot = (classes: tf.Tensor1D) => tf.cast(tf.oneHot(classes, this.classes), 'float32');
      const pairs = tf.matMul(oneHot(truth), oneHot(predicted as tf.Tensor1D), true, false);
      this.confusion.assign(tf.add(this.confusion, pairs));
    });
  }

  /** The running values, read without blocking the caller's next steps. */
  async running(): Promise<RunningValues> {
    const copy = tf.clone(this.sums);
    try {
      const [lossSum, count, correct] = await copy.data();
      return { loss: lossSum! / count!, accuracy: correct! / count!, count: count! };
    } finally {
      copy.dispose();
    }
  }

  async totals(): Promise<MetricTotals> {
    const copy = tf.tidy(() => tf.concat([this.sums, tf.reshape(this.confusion, [-1])]));
    try {
      const values = Array.from(await copy.data());
      const [lossSum, count, correct] = values;
      return { lossSum: lossSum!, count: count!, correct: correct!, confusion: values.slice(3) };
    } finally {
      copy.dispose();
    }
  }

  /** Continues from saved totals (resuming mid-epoch). */
  restore(totals: MetricTotals): void {
    if (totals.confusion.length !== this.classes ** 2)
      throw new Error(
        `metrics: saved confusion matrix has ${totals.confusion.length} entries, expected ${this.classes ** 2}`,
      );
    tf.tidy(() => {
      this.sums.assign(tf.tensor1d([totals.lossSum, totals.count, totals.correct]));
      this.confusion.assign(tf.tensor2d(totals.confusion, [this.classes, this.classes]));
    });
  }

  reset(): void {
    tf.tidy(() => {
      this.sums.assign(tf.zerosLike(this.sums));
      this.confusion.assign(tf.zerosLike(this.confusion));
    });
  }

  dispose(): void {
    this.sums.dispose();
    this.confusion.dispose();
  }
}
