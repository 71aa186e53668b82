import * as tf from '@tensorflow/tfjs-core';

/** What a CAM method sees of one batch: the target layer's activations and, if it asks, their gradients. */
export interface CamContext {
  /** [N, h, w, K] target-layer activations. */
  activations: tf.Tensor4D;
  /** [N, h, w, K] gradients of the summed target scores with respect to the activations (null unless `usesGradients`). */
  gradients: tf.Tensor4D | null;
  /** [N, H, W, C] the model inputs. */
  images: tf.Tensor4D;
  /** Target scores of other model inputs ([M, H, W, C]); input r is scored for the target of image `imageOfRow[r]`. */
  scoreInputs(inputs: tf.Tensor4D, imageOfRow: readonly number[]): Promise<tf.Tensor1D>;
  /**
   * Target scores ([M]) with the target layer's output replaced by `activations` ([M, h, w, K]), row r
   * belonging to image `imageOfRow[r]`; differentiable with respect to `activations`.
   */
  scoreActivations(activations: tf.Tensor4D, imageOfRow: readonly number[]): tf.Tensor1D;
  /** Most model inputs per forward pass when a method runs extra ones. */
  batchSize: number;
  /** Called with (done, total) as a multi-pass method works through its batches. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * One CAM method as a strategy over the shared engine (pytorch-grad-cam's BaseCAM subclasses): it
 * turns activations (and gradients) into weighted activations [N, h, w, K]; the engine sums them over
 * channels, or projects them on their first principal component (`alwaysProjects`, or `eigenSmooth`).
 */
export interface CamMethod {
  readonly name: string;
  readonly usesGradients: boolean;
  readonly alwaysProjects: boolean;
  weightedActivations(context: CamContext): tf.Tensor4D | Promise<tf.Tensor4D>;
  /** The map [N, h, w] itself, for methods that neither sum nor project weighted activations (KPCA-CAM); eigenSmooth does not apply. */
  layerCam?(context: CamContext): Promise<tf.Tensor3D>;
}

export function gradientsOf(context: CamContext, method: string): tf.Tensor4D {
  if (!context.gradients) throw new Error(`${method}: needs gradients, but none were computed`);
  return context.gradients;
}

/** Activations [N, h, w, K] scaled by one weight per image and channel ([N, K]). */
export function weighChannels(activations: tf.Tensor4D, weights: tf.Tensor2D): tf.Tensor4D {
  const [n, , , k] = activations.shape;
  return tf.tidy(() => tf.mul(activations, tf.reshape(weights, [n, 1, 1, k])) as tf.Tensor4D);
}

/** Σ over the spatial axes, per image and channel: [N, h, w, K] → [N, 1, 1, K]. */
export function spatialSum(x: tf.Tensor4D): tf.Tensor4D {
  return tf.sum(x, [1, 2], true) as tf.Tensor4D;
}
