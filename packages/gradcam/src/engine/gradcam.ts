import type * as tf from '@tensorflow/tfjs-core';
import type { ExplainableModel } from '../model/as-cam-model';
import { type ComputeOptions, GradCAM, type GradCamOptions, type GradCamResult } from './grad-cam';

/** One-off CAMs of `images` ([N, H, W, C]) for a LayersModel or GraphModel; see `GradCAM` for repeated use. */
export async function gradcam(
  model: ExplainableModel,
  images: tf.Tensor4D,
  options: GradCamOptions & ComputeOptions = {},
): Promise<GradCamResult> {
  const shape = (images as Partial<tf.Tensor> | null)?.shape;
  const cam = new GradCAM(model, options, shape?.length === 4 ? shape : undefined);
  try {
    return await cam.compute(images, options);
  } finally {
    cam.dispose();
  }
}
