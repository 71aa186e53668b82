import type * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '../graph/layer-types';
import type { CamMethod } from '../methods/cam-method';
import type { CamMethodName, PytorchMethodName } from '../methods/methods';
import type { ExplainableModel } from '../model/as-cam-model';
import {
  type CamComparison,
  type ComputeOptions,
  GradCAM,
  type GradCamOptions,
  type GradCamResult,
} from './grad-cam';
import { LayerCams } from './layer-cams';

/** One-off CAMs of `images` ([N, H, W, C]) for a LayersModel or GraphModel; see `GradCAM` for repeated use. */
export async function gradcam(
  model: ExplainableModel,
  images: tf.Tensor4D,
  options: GradCamOptions & ComputeOptions = {},
): Promise<GradCamResult> {
  return withGradCam(model, images, options, (cam) => cam.compute(images, options));
}

export interface GradCamEachOptions extends Omit<GradCamOptions, 'method'>, ComputeOptions {
  /** The CAM methods to compare, each by name (ours or pytorch-grad-cam's) or as a CamMethod. */
  methods: ReadonlyArray<CamMethodName | PytorchMethodName | CamMethod>;
}

/**
 * Several CAM methods at one layer from one forward and backward pass (`GradCAM.computeEach`): the
 * same maps as one `gradcam()` call per method, for about the cost of one.
 */
export async function gradcamEach(
  model: ExplainableModel,
  images: tf.Tensor4D,
  options: GradCamEachOptions,
): Promise<CamComparison> {
  return withGradCam(model, images, options, (cam) => cam.computeEach(images, options?.methods, options));
}

export interface GradCamLayersOptions extends Omit<GradCamEachOptions, 'layer'> {
  /** The layers (names, Layers, or GraphModel node names) to explain, each once, in any order. */
  layers: ReadonlyArray<string | Layer>;
}

/**
 * Several CAM methods at each of several layers: one `CamComparison` per layer, in the order asked,
 * each equal to `gradcamEach` at that layer, from one forward and one backward pass for all the
 * layers (each layer's gradient is read as the backward pass crosses it).
 */
export async function gradcamLayers(
  model: ExplainableModel,
  images: tf.Tensor4D,
  options: GradCamLayersOptions,
): Promise<CamComparison[]> {
  const { layers, methods, output, ...compute } = options;
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new Error(
      `layers: expected a non-empty array of layers, got ${JSON.stringify(layers) ?? typeof layers}`,
    );
  }
  const shape = (images as Partial<tf.Tensor> | null)?.shape;
  const cams = new LayerCams(model, layers, output, shape?.length === 4 ? shape : undefined);
  return cams.computeEach(images, methods, compute);
}

async function withGradCam<T>(
  model: ExplainableModel,
  images: tf.Tensor4D,
  options: GradCamOptions,
  run: (cam: GradCAM) => Promise<T>,
): Promise<T> {
  const shape = (images as Partial<tf.Tensor> | null)?.shape;
  const cam = new GradCAM(model, options, shape?.length === 4 ? shape : undefined);
  try {
    return await run(cam);
  } finally {
    cam.dispose();
  }
}
