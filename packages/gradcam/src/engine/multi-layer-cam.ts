import * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '../graph/layer-types';
import type { CamMethod } from '../methods/cam-method';
import type { CamMethodName, PytorchMethodName } from '../methods/methods';
import type { ExplainableModel } from '../model/as-cam-model';
import { type ComputeOptions, GradCAM } from './grad-cam';
import { layerCamsAtInputSize, minMaxPerImage } from './scale-cams';

export interface MultiLayerOptions {
  /** The layers to explain together (names or Layers), at least one. */
  layers: ReadonlyArray<string | Layer>;
  /** Default 'gradcam'. */
  method?: CamMethodName | PytorchMethodName | CamMethod;
  /** The output to explain (index or name) of a model with several. */
  output?: number | string;
}

export interface CamsAndLogits {
  /** [N, H, W] in [0, 1] at the input size. */
  cams: tf.Tensor3D;
  /** [N, classes] the model output for the images. */
  logits: tf.Tensor2D;
}

/**
 * One CAM method on several layers at once, as pytorch-grad-cam with several target layers: per
 * layer the map is rectified, min–max scaled and resized to the input; the layers' maps are averaged
 * and scaled once more.
 */
export class MultiLayerCAM {
  readonly perLayer: GradCAM[];

  constructor(model: ExplainableModel, { layers, method, output }: MultiLayerOptions) {
    if (layers.length === 0) throw new Error('layers: give at least one layer');
    this.perLayer = layers.map((layer) => new GradCAM(model, { layer, method, output }));
  }

  async compute(images: tf.Tensor4D, options: ComputeOptions = {}): Promise<CamsAndLogits> {
    if (options.augSmooth) throw new Error('augSmooth: not available with several layers; explain one layer');
    const [, height, width] = images.shape;
    let sum: tf.Tensor3D | undefined;
    let logits: tf.Tensor2D | undefined;
    for (const cam of this.perLayer) {
      const result = await cam.compute(images, options);
      const share = layerCamsAtInputSize(result.raw, [height, width]);
      const next = tf.tidy(() => (sum ? tf.add(sum, tf.relu(share)) : tf.relu(share)) as tf.Tensor3D);
      tf.dispose([share, result.cams, result.raw, sum, logits]);
      sum = next;
      logits = result.logits;
    }
    const cams = tf.tidy(() => minMaxPerImage(tf.div(sum!, this.perLayer.length) as tf.Tensor3D));
    sum!.dispose();
    return { cams, logits: logits! };
  }
}
