import * as tf from '@tensorflow/tfjs-core';
import { asCamModel, type ExplainableModel } from '../model/as-cam-model';
import type { CamModel } from '../model/cam-model';
import { type FinerOptions, finerTargets } from '../targets/finer-targets';
import { type ComputeOptions, GradCAM, type GradCamOptions, type GradCamResult } from './grad-cam';

/**
 * Finer-CAM (Zhang et al. 2025): a base CAM method (Grad-CAM by default) explaining the main class
 * against the classes the model finds most similar (`finerTargets`), which brings out the
 * features that tell them apart. Explicit `targets` bypass that resolution.
 */
export class FinerCAM {
  private readonly base: GradCAM;
  private readonly model: CamModel;

  constructor(model: ExplainableModel, options: GradCamOptions = {}) {
    this.base = new GradCAM(model, options);
    this.model = asCamModel(model, options.output);
  }

  async compute(images: tf.Tensor4D, options: ComputeOptions & FinerOptions = {}): Promise<GradCamResult> {
    if (options.targets !== undefined) return this.base.compute(images, options);
    const logits = tf.tidy(() => this.model.predict(images));
    const targets = await finerTargets(logits, options).finally(() => logits.dispose());
    return this.base.compute(images, { ...options, targets });
  }
}
