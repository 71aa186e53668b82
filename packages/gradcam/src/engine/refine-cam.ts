import * as tf from '@tensorflow/tfjs-core';
import type { ExplainableModel } from '../model/as-cam-model';
import type { ComputeOptions } from './grad-cam';
import { type CamsAndLogits, MultiLayerCAM, type MultiLayerOptions } from './multi-layer-cam';
import { minMaxPerImage } from './scale-cams';

/**
 * RefineCAM (pytorch-grad-cam): the CAMs of several layers (Grad-CAM++ by default), each already
 * in [0, 1] at the input size, multiplied together and min–max scaled: an early layer's fine but
 * noisy map is kept only where the later layers agree.
 */
export class RefineCAM {
  private readonly layers: MultiLayerCAM;

  constructor(model: ExplainableModel, { layers, method = 'gradcam++', output }: MultiLayerOptions) {
    this.layers = new MultiLayerCAM(model, { layers, method, output });
  }

  async compute(images: tf.Tensor4D, options: ComputeOptions = {}): Promise<CamsAndLogits> {
    const { layers, logits } = await this.layers.computeLayers(images, options);
    const cams = tf.tidy(() => minMaxPerImage(layers.map(({ cams }) => cams).reduce((a, b) => tf.mul(a, b))));
    tf.dispose(layers.flatMap(({ cams, raw }) => [cams, raw]));
    return { cams, logits };
  }
}
