import { sumAll } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';

/** Which watched tensors held a NaN or ±Infinity since the run started. */
export interface FiniteState {
  gradients: boolean;
  weights: boolean;
}

/**
 * `0 · Σ t`: 0 while every value is finite, NaN otherwise (NaN and ±Inf survive a sum, and 0·±Inf is
 * NaN). One multi-tensor sum (on webgpu ~12 dispatches for a ResNet-18's weights, not one per
 * tensor); a sum of finite values beyond float32 range (|w| ~ 1e33) counts as diverged too, which it is.
 */
function zeroIfFinite(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.mul(sumAll(tensors), 0);
}

/**
 * A device-side record of whether gradients and weights stayed finite, folded in by tensor ops after
 * every step and read back only when the loop reads its metrics (asynchronously, or at a checkpoint).
 * Watching the loss alone is not enough: on wasm a conv with a NaN kernel gives −Infinity, a ReLU
 * turns that into 0, and the logits (and the loss) stay finite while the weights are NaN.
 */
export class FiniteGuard {
  private readonly flags = tf.tidy(() => tf.variable(tf.zeros([2]), false)); // [gradients, weights]

  /** `weights`: all of the model's, non-trainable ones too (batch-norm moving statistics overflow as well). */
  constructor(readonly weights: readonly tf.Tensor[]) {}

  /** Folds a step's gradients and the weights as that step left them into the flags. */
  watch(gradients: tf.Tensor[]): void {
    tf.tidy(() => {
      const step = tf.stack([zeroIfFinite(gradients), zeroIfFinite(this.weights as tf.Tensor[])]);
      this.flags.assign(tf.add(this.flags, step));
    });
  }

  /** Reads the flags without blocking the next steps (a copy: the next step replaces the buffer). */
  async read(): Promise<FiniteState> {
    const copy = tf.clone(this.flags);
    try {
      const [gradients, weights] = await copy.data();
      return { gradients: Number.isFinite(gradients), weights: Number.isFinite(weights) };
    } finally {
      copy.dispose();
    }
  }

  dispose(): void {
    this.flags.dispose();
  }
}

/** The largest |w| over `weights` (read at checkpoint time, to tell a sound checkpoint from a diverging one). */
export async function largestMagnitude(weights: readonly tf.Tensor[]): Promise<number> {
  const largest = tf.tidy(() => tf.max(tf.stack(weights.map((w) => tf.max(tf.abs(w))))));
  try {
    return (await largest.data())[0]!;
  } finally {
    largest.dispose();
  }
}
