import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { GraphRun, type TensorLocation } from '../graph/graph-run';
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
  model: LayersModel,
  layer: TensorLocation,
  images: tf.Tensor4D,
  targets: TargetScorer,
  withGradients: boolean,
): Capture {
  const captured = tf.tidy(() => {
    const run = new GraphRun(model, [images]);
    const activations = run.valueAt(layer) as tf.Tensor4D;
    if (!withGradients) return { activations, logits: run.outputs()[0] as tf.Tensor2D };
    const imageOfRow = Array.from({ length: images.shape[0] }, (_, i) => i);
    let logits: tf.Tensor2D | undefined;
    const gradients = tf.grad((fed: tf.Tensor) => {
      run.replace(layer, fed);
      logits = tf.keep(run.outputs()[0] as tf.Tensor2D);
      return tf.sum(targets.score(logits, imageOfRow));
    })(activations) as tf.Tensor4D;
    return { activations, gradients, logits: logits! };
  });
  return { gradients: null, ...captured };
}
