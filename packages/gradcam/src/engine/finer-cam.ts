import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { GraphRun } from '../graph/graph-run';
import { type FinerOptions, finerTargets } from '../targets/finer-targets';
import { type ComputeOptions, GradCAM, type GradCamOptions, type GradCamResult } from './grad-cam';

/**
 * Finer-CAM (Zhang et al. 2025): a base CAM method (Grad-CAM by default) explaining the main class
 * against the classes the model finds most similar (`finerTargets`), which brings out the
 * features that tell them apart. Explicit `targets` bypass that resolution.
 */
export class FinerCAM {
  private readonly base: GradCAM;

  constructor(
    private readonly model: LayersModel,
    options: GradCamOptions = {},
  ) {
    this.base = new GradCAM(model, options);
  }

  async compute(images: tf.Tensor4D, options: ComputeOptions & FinerOptions = {}): Promise<GradCamResult> {
    if (options.targets !== undefined) return this.base.compute(images, options);
    const logits = tf.tidy(() => new GraphRun(this.model, [images]).outputs()[0] as tf.Tensor2D);
    const targets = await finerTargets(logits, options).finally(() => logits.dispose());
    return this.base.compute(images, { ...options, targets });
  }
}
