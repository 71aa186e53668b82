import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type ComputeOptions, GradCAM, type GradCamOptions, type GradCamResult } from './grad-cam';

/** One-off CAMs of `images` ([N, H, W, C]) for `model`; see `GradCAM` for repeated use. */
export async function gradcam(
  model: LayersModel,
  images: tf.Tensor4D,
  options: GradCamOptions & ComputeOptions = {},
): Promise<GradCamResult> {
  const cam = new GradCAM(model, options);
  try {
    return await cam.compute(images, options);
  } finally {
    cam.dispose();
  }
}
