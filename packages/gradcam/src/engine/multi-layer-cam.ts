import * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '../graph/layer-types';
import type { CamMethod } from '../methods/cam-method';
import type { CamMethodName, PytorchMethodName } from '../methods/methods';
import type { ExplainableModel } from '../model/as-cam-model';
import type { ComputeOptions } from './grad-cam';
import { LayerCams } from './layer-cams';
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

/** One layer's maps, as `GradCamResult` has them. */
export interface LayerMaps {
  /** [N, H, W] in [0, 1] at the input size. */
  cams: tf.Tensor3D;
  /** [N, h, w] at the layer's size. */
  raw: tf.Tensor3D;
}

/**
 * One CAM method on several layers at once, as pytorch-grad-cam with several target layers (and, as
 * there, from one forward and backward pass of a LayersModel): per layer the map is rectified,
 * min–max scaled and resized to the input; the layers' maps are averaged and scaled once more.
 */
export class MultiLayerCAM {
  private readonly cams: LayerCams;
  private readonly method: NonNullable<MultiLayerOptions['method']>;

  constructor(model: ExplainableModel, { layers, method = 'gradcam', output }: MultiLayerOptions) {
    if (!Array.isArray(layers) || layers.length === 0) throw new Error('layers: give at least one layer');
    this.cams = new LayerCams(model, layers, output);
    this.method = method;
  }

  async compute(images: tf.Tensor4D, options: ComputeOptions = {}): Promise<CamsAndLogits> {
    const { layers, logits } = await this.computeLayers(images, options);
    const [, height, width] = images.shape;
    const cams = tf.tidy(() => {
      const shares = layers.map(({ raw }) => tf.relu(layerCamsAtInputSize(raw, [height, width])));
      return minMaxPerImage(tf.div(tf.addN(shares), layers.length) as tf.Tensor3D);
    });
    tf.dispose(layers.flatMap(({ cams, raw }) => [cams, raw]));
    return { cams, logits };
  }

  /** Each layer's maps, in the order of `layers`, and the model output. */
  async computeLayers(
    images: tf.Tensor4D,
    options: ComputeOptions = {},
  ): Promise<{ layers: LayerMaps[]; logits: tf.Tensor2D }> {
    if (options.augSmooth) throw new Error('augSmooth: not available with several layers; explain one layer');
    const comparisons = await this.cams.computeEach(images, [this.method], options);
    tf.dispose(comparisons.slice(1).map(({ logits }) => logits));
    return {
      layers: comparisons.map(({ maps }) => ({ cams: maps[0]!.cams, raw: maps[0]!.raw })),
      logits: comparisons[0]!.logits,
    };
  }
}
