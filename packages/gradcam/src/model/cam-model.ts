import type * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '../graph/layer-types';
import type { OutputKind } from '../targets/output-kind';

/** A layer (LayersModel) or graph node (GraphModel) a CAM can explain: one with a 4-D output. */
export interface CamLayerInfo {
  name: string;
  /** The layer class (`Conv2D`) or graph op (`_FusedConv2D`). */
  op: string;
  /** [batch, height, width, channels]; null for sizes that follow the images. */
  shape: ReadonlyArray<number | null>;
}

/** The explained layer as the caller named it: a LayersModel layer, or a GraphModel node. */
export type CamLayer = Layer | { readonly name: string; readonly op: string };

/** One forward pass stopped at the explained layer. */
export interface LayerRun {
  /** [N, h, w, K] the layer's output. */
  activations: tf.Tensor4D;
  /**
   * The explained model output [M, classes] with the layer's output replaced by `activations`
   * ([M, h, w, K]; row r belongs to image `imageOfRow[r]`, by default one row per image in order),
   * differentiable with respect to them. Any number of times: each call evaluates the model after
   * the layer only, with what skip connections around the layer bring from this run.
   */
  outputFrom(activations: tf.Tensor, imageOfRow?: readonly number[]): tf.Tensor2D;
  /** The tensors this run computed and `outputFrom` reads (not the images): to keep it past a tidy. */
  computed(): tf.Tensor[];
}

/** A model bound to the one layer a CAM explains. */
export interface BoundLayer {
  readonly layer: CamLayer;
  /** Evaluates the model up to the layer (inside the caller's tidy, or keeping `computed()`). */
  run(images: tf.Tensor4D): LayerRun;
}

/**
 * What the CAM engine needs of a model, LayersModel or GraphModel alike: one image input, one
 * explained [batch, classes] output, and the layers whose outputs can be read and replaced.
 */
export interface CamModel {
  /** How errors name the model. */
  readonly name: string;
  /** [batch, height, width, channels] the image input; null where any size is accepted. */
  readonly inputShape: ReadonlyArray<number | null>;
  /** The explained output for `images` ([N, classes]). */
  predict(images: tf.Tensor4D): tf.Tensor2D;
  /** What the explained output is, for `images` of this shape. */
  outputKind(imageShape: readonly number[]): OutputKind;
  /** Every layer with a 4-D output, in forward order (each once), for images of this shape. */
  candidateLayers(imageShape: readonly number[]): CamLayerInfo[];
  /** The layer to explain: by name, by object, or (undefined) the last one with spatial extent. */
  bind(layer: string | Layer | undefined, imageShape: readonly number[] | undefined): BoundLayer;
  /**
   * The explained output for `images` from one forward pass in which each of `layers` (bound by this
   * model), once computed, is replaced by `tap(i, its output)` for every layer after it (inside the
   * caller's tidy).
   */
  runTapped(
    layers: readonly BoundLayer[],
    images: tf.Tensor4D,
    tap: (index: number, output: tf.Tensor4D) => tf.Tensor,
  ): tf.Tensor2D;
}

/** The last layer whose output still has spatial extent (height or width > 1). */
export function lastSpatialLayer(model: string, candidates: readonly CamLayerInfo[]): CamLayerInfo {
  const spatial = candidates.filter(({ shape }) => (shape[1] ?? 2) > 1 || (shape[2] ?? 2) > 1);
  const chosen = spatial[spatial.length - 1];
  if (!chosen) {
    throw new Error(
      `layer: model '${model}' has no layer with a [batch, height, width, channels] output larger than 1×1`,
    );
  }
  return chosen;
}

/** Lists candidate names for error messages. */
export function describeCandidates(candidates: readonly CamLayerInfo[]): string {
  return candidates.map(({ name }) => name).join(', ') || 'none';
}
