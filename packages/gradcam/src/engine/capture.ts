import * as tf from '@tensorflow/tfjs-core';
import type { BoundLayer, CamModel } from '../model/cam-model';
import type { TargetScorer } from '../targets/targets';

/** One layer's part of a capture. */
export interface LayerCapture {
  /** [N, h, w, K] the layer's output. */
  activations: tf.Tensor4D;
  /** [N, h, w, K] d(Σ target scores)/d(activations), or null when not asked for. */
  gradients: tf.Tensor4D | null;
}

export interface Capture {
  /** Per layer, in the order the layers were given. */
  layers: LayerCapture[];
  /** [N, classes] the model output. */
  logits: tf.Tensor2D;
}

/**
 * The outputs of `layers` (and with `withGradients` the gradients of the target scores with respect
 * to them) for one batch, in one forward and one backward pass: one layer by feeding its output back
 * in, several by passing each layer's output through a tap (`CamModel.runTapped`).
 */
export function capture(
  model: CamModel,
  layers: readonly BoundLayer[],
  images: tf.Tensor4D,
  targets: TargetScorer,
  withGradients: boolean,
): Capture {
  if (layers.length > 1) return captureTapped(model, layers, images, targets, withGradients);
  const { logits, ...layer } = captureLayer(layers[0]!, images, targets, withGradients);
  return { layers: [layer], logits };
}

/**
 * One inference forward pass that stops to read the layer's output A, then (with `withGradients`)
 * differentiates the rest of the graph with A fed back in: exactly the layers that depend on A run
 * inside `tf.grad`, everything else (skip connections around the layer included) enters as a
 * constant, so the pass costs one forward plus one backward of the model.
 */
function captureLayer(
  layer: BoundLayer,
  images: tf.Tensor4D,
  targets: TargetScorer,
  withGradients: boolean,
): LayerCapture & { logits: tf.Tensor2D } {
  const captured = tf.tidy(() => {
    const run = layer.run(images);
    const activations = run.activations;
    if (!withGradients) return { activations, logits: run.outputFrom(activations) };
    let logits: tf.Tensor2D | undefined;
    const gradients = tf.grad((fed: tf.Tensor) => {
      logits = tf.keep(run.outputFrom(fed));
      return tf.sum(targets.score(logits, rowsOf(images)));
    })(activations) as tf.Tensor4D;
    return { activations, gradients, logits: logits! };
  });
  return { gradients: null, ...captured };
}

/**
 * All layers from one pass: each layer's output goes on through an identity whose gradient function
 * keeps the gradient arriving at it, which the backward pass from the target scores has summed over
 * every path (skip connections included) by the time it reaches that identity. The pass
 * differentiates with respect to a scalar 0 added to every tapped output, not the images: tfjs
 * differentiates only what lies on a path from its variable, so the backward pass ends at the
 * earliest tapped layer instead of going on through the network in front of it to the images.
 */
function captureTapped(
  model: CamModel,
  layers: readonly BoundLayer[],
  images: tf.Tensor4D,
  targets: TargetScorer,
  withGradients: boolean,
): Capture {
  const activations: tf.Tensor4D[] = [];
  const gradients: tf.Tensor4D[] = [];
  const forward = (zero?: tf.Tensor) =>
    model.runTapped(layers, images, (i, output) => {
      activations[i] = tf.keep(output);
      if (!zero) return output;
      const keepGradient = gradientTap((dy) => (gradients[i] = tf.keep(tf.clone(dy)) as tf.Tensor4D));
      return keepGradient(tf.add(output, zero));
    });
  let logits: tf.Tensor2D | undefined;
  try {
    tf.tidy(() => {
      if (!withGradients) {
        logits = tf.keep(forward());
        return;
      }
      tf.grad((zero: tf.Tensor) => {
        logits = tf.keep(forward(zero));
        // 0·zero: a path from the variable even where no tapped layer reaches the output (reported below).
        return tf.add(tf.sum(targets.score(logits, rowsOf(images))), tf.mul(0, zero));
      })(tf.scalar(0));
    });
    const missed = layers.findIndex((_, i) => withGradients && !gradients[i]);
    if (missed >= 0) {
      throw new Error(
        `layer: the explained output of model '${model.name}' does not depend on '${layers[missed]!.layer.name}'`,
      );
    }
  } catch (error) {
    tf.dispose([...activations, ...gradients, ...(logits ? [logits] : [])]);
    throw error;
  }
  return {
    layers: activations.map((a, i) => ({ activations: a, gradients: withGradients ? gradients[i]! : null })),
    logits: logits!,
  };
}

/** The identity, whose gradient function hands the gradient it passes on to `onGradient`. */
function gradientTap(onGradient: (dy: tf.Tensor) => void): (x: tf.Tensor) => tf.Tensor {
  return tf.customGrad((...args) => ({
    value: tf.clone(args[0] as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => {
      onGradient(dy);
      return dy;
    },
  })) as (x: tf.Tensor) => tf.Tensor;
}

function rowsOf(images: tf.Tensor4D): number[] {
  return Array.from({ length: images.shape[0] }, (_, i) => i);
}
