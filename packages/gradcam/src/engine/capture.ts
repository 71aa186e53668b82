import * as tf from '@tensorflow/tfjs-core';
import type { BoundLayer } from '../model/cam-model';
import type { TargetScorer } from '../targets/targets';

export interface Capture {
  /** [N, h, w, K] the target layer's output. */
  activations: tf.Tensor4D;
  /** [N, h, w, K] d(Σ target scores)/d(activations), or null when not asked for. */
  gradients: tf.Tensor4D | null;
  /** [N, classes] the model output. */
  logits: tf.Tensor2D;
}

/**
 * One inference forward pass that stops to read the target layer's output A, then (with
 * `withGradients`) differentiates the rest of the graph with A fed back in: exactly the layers that
 * depend on A run inside `tf.grad`, everything else (skip connections around the layer included)
 * enters as a constant, so the pass costs one forward plus one backward of the model.
 */
export function capture(
  layer: BoundLayer,
  images: tf.Tensor4D,
  targets: TargetScorer,
  withGradients: boolean,
): Capture {
  const captured = tf.tidy(() => {
    const run = layer.run(images);
    const activations = run.activations;
    if (!withGradients) return { activations, logits: run.outputFrom(activations) };
    const imageOfRow = Array.from({ length: images.shape[0] }, (_, i) => i);
    let logits: tf.Tensor2D | undefined;
    const gradients = tf.grad((fed: tf.Tensor) => {
      logits = tf.keep(run.outputFrom(fed));
      return tf.sum(targets.score(logits, imageOfRow));
    })(activations) as tf.Tensor4D;
    return { activations, gradients, logits: logits! };
  });
  return { gradients: null, ...captured };
}
