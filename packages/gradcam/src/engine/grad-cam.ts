import type * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '../graph/layer-types';
import type { CamMethod } from '../methods/cam-method';
import { type CamMethodName, type PytorchMethodName, resolveMethod } from '../methods/methods';
import type { ExplainableModel } from '../model/as-cam-model';
import type { CamLayer } from '../model/cam-model';
import type { CamTargets } from '../targets/targets';
import { LayerCams } from './layer-cams';

export interface GradCamOptions {
  /**
   * The layer to explain: a layer name (nested models are searched) or Layer of a LayersModel, a node
   * name of a GraphModel (`listCamLayers` lists them), or by default the last layer whose output
   * still has spatial extent (height or width > 1).
   */
  layer?: string | Layer;
  /** The output to explain (index or name) of a model with several. */
  output?: number | string;
  /** Default 'gradcam'. */
  method?: CamMethodName | PytorchMethodName | CamMethod;
}

export interface ComputeOptions {
  /** Default: the class each image is predicted as. */
  targets?: CamTargets;
  /** Average over horizontal flips × brightness 0.9/1/1.1, each CAM mapped back onto the image. */
  augSmooth?: boolean;
  /** Replace the channel sum by the first principal component of the weighted activations. */
  eigenSmooth?: boolean;
  /** Model inputs per extra forward pass (Score-CAM's masked images). Default 64. */
  batchSize?: number;
  /** Called with (done, total) as a multi-pass method (Score-CAM, Ablation-CAM) works through its batches. */
  onProgress?: (done: number, total: number) => void;
}

/** The maps of several methods at one layer (`GradCAM.computeEach`, `gradcamEach`), in the order asked. */
export interface CamComparison {
  /** The name of the explained layer (or GraphModel node). */
  layer: string;
  /** [N, classes] the model output for the images. */
  logits: tf.Tensor2D;
  /** Each method's `cams` and `raw` as `GradCamResult` has them, with the method's name. */
  maps: Array<{ method: string; cams: tf.Tensor3D; raw: tf.Tensor3D }>;
}

export interface GradCamResult {
  /** [N, H, W] in [0, 1] at the input size. */
  cams: tf.Tensor3D;
  /** [N, h, w] at the layer's size, before ReLU and scaling (of the unaugmented images). */
  raw: tf.Tensor3D;
  /** [N, classes] the model output for the images. */
  logits: tf.Tensor2D;
  /** The name of the explained layer (or GraphModel node). */
  layer: string;
}

/**
 * A CAM method bound to one layer of one model, for repeated use: the layer is found and checked once.
 * Nothing is added to the model; `compute` runs it in inference mode and returns tensors the caller
 * disposes.
 */
export class GradCAM {
  readonly method: CamMethod;
  private readonly cams: LayerCams;
  private disposed = false;

  /**
   * `imageShape` (an [N, H, W, C] batch) lets a GraphModel that takes images of any size choose its
   * default layer now; without it, that choice waits for the first `compute`.
   */
  constructor(model: ExplainableModel, options: GradCamOptions = {}, imageShape?: readonly number[]) {
    this.method = resolveMethod(options.method);
    this.cams = new LayerCams(model, [options.layer], options.output, imageShape);
  }

  /** The explained layer (a GraphModel node: its name and op); chosen by the first `compute` for a GraphModel of any image size. */
  get layer(): CamLayer {
    const layers = this.cams.layers;
    if (!layers) throw new Error('GradCAM: the default layer of this model is chosen by the first compute()');
    return layers[0]!;
  }

  async compute(images: tf.Tensor4D, options: ComputeOptions = {}): Promise<GradCamResult> {
    const { layer, logits, maps } = await this.computeEach(images, [this.method], options);
    const { cams, raw } = maps[0]!;
    return { cams, raw, logits, layer };
  }

  /**
   * The CAMs of several methods at this GradCAM's layer from one forward (and backward) pass: each map
   * equals what `compute` gives with that method, for the cost of one capture plus each method's own
   * extra passes (Score-CAM's, Ablation-CAM's, ShapleyCAM's).
   */
  async computeEach(
    images: tf.Tensor4D,
    methods: ReadonlyArray<CamMethodName | PytorchMethodName | CamMethod>,
    options: ComputeOptions = {},
  ): Promise<CamComparison> {
    if (this.disposed) throw new Error('GradCAM: compute() after dispose()');
    const [comparison] = await this.cams.computeEach(images, methods, options);
    return comparison!;
  }

  /** Ends this GradCAM: `compute` then throws. It holds no tensors; the model stays the caller's. */
  dispose(): void {
    this.disposed = true;
  }
}
