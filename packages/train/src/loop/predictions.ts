import * as tf from '@tensorflow/tfjs-core';
import type { LossName } from '../losses/loss';

/** Per-example predictions of an evaluation, in dataset order of the batches. */
export interface Predictions {
  /** Dataset indices. */
  indices: Int32Array;
  labels: Int32Array;
  predicted: Int32Array;
  /** Probability of the predicted class: softmax (crossentropy) or sigmoid (bce) of its logit. */
  confidence: Float32Array;
}

/** Class probabilities as the loss models them: softmax for crossentropy, per-class sigmoid for bce. */
export function probabilities(logits: tf.Tensor2D, loss: LossName): tf.Tensor2D {
  return loss === 'bce' ? tf.sigmoid(logits) : tf.softmax(logits);
}

/** Collects [predicted, confidence] per batch on the device and reads them once at the end. */
export class PredictionCollector {
  private readonly parts: tf.Tensor2D[] = [];
  private readonly indices: Int32Array[] = [];
  private readonly labels: tf.Tensor1D[] = [];

  constructor(private readonly loss: LossName) {}

  /** May be called inside a tidy: what it keeps is kept explicitly. */
  add(logits: tf.Tensor2D, labels: tf.Tensor1D, indices: Int32Array): void {
    const part = tf.tidy(() => {
      const probs = probabilities(logits, this.loss);
      return tf.stack([tf.cast(tf.argMax(probs, 1), 'float32'), tf.max(probs, 1)], 1) as tf.Tensor2D;
    });
    this.parts.push(tf.keep(part));
    this.labels.push(tf.keep(tf.clone(labels)));
    this.indices.push(indices);
  }

  async read(): Promise<Predictions> {
    const stacked = tf.concat(this.parts, 0);
    const labels = tf.concat(this.labels, 0);
    try {
      const [values, labelValues] = await Promise.all([stacked.data(), labels.data()]);
      const n = labels.shape[0];
      return {
        indices: Int32Array.from(this.indices.flatMap((i) => Array.from(i))),
        labels: Int32Array.from(labelValues),
        predicted: Int32Array.from({ length: n }, (_, i) => values[2 * i]!),
        confidence: Float32Array.from({ length: n }, (_, i) => values[2 * i + 1]!),
      };
    } finally {
      tf.dispose([stacked, labels]);
      this.dispose();
    }
  }

  dispose(): void {
    tf.dispose([...this.parts, ...this.labels]);
    this.parts.length = 0;
    this.labels.length = 0;
  }
}
