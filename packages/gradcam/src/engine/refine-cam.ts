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
    let product: tf.Tensor3D | undefined;
    let logits: tf.Tensor2D | undefined;
    for (const cam of this.layers.perLayer) {
      const result = await cam.compute(images, options);
      const next = product ? (tf.mul(product, result.cams) as tf.Tensor3D) : tf.clone(result.cams);
      tf.dispose([product, result.cams, result.raw, logits]);
      product = next;
      logits = result.logits;
    }
    const cams = minMaxPerImage(product!);
    product!.dispose();
    return { cams, logits: logits! };
  }
}
