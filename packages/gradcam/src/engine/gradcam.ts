import type * as tf from '@tensorflow/tfjs-core';
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
