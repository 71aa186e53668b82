import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { projectOnFirstComponent } from '../eigen/project-batch';
import { GraphRun, type TensorLocation } from '../graph/graph-run';
import type { Layer } from '../graph/layer-types';
import { locateLayer } from '../graph/locate-layer';
import { resolveLayer } from '../graph/resolve-layer';
import type { CamContext, CamMethod } from '../methods/cam-method';
import { type CamMethodName, type PytorchMethodName, resolveMethod } from '../methods/methods';
import { type OutputKind, outputKind } from '../targets/output-kind';
import { type CamTargets, resolveTargets, type TargetScorer } from '../targets/targets';
import { AUGMENTATION_VIEWS, augmentImages, deaugmentCams } from './augmentation-views';
import { type Capture, capture } from './capture';
import { checkImages } from './check-images';
import { scaleCams } from './scale-cams';

export interface GradCamOptions {
  /** The layer to explain: a name (nested models are searched), a Layer, or the last layer with a 4-D output. */
  layer?: string | Layer;
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

export interface GradCamResult {
  /** [N, H, W] in [0, 1] at the input size. */
  cams: tf.Tensor3D;
  /** [N, h, w] at the layer's size, before ReLU and scaling (of the unaugmented images). */
  raw: tf.Tensor3D;
  /** [N, classes] the model output for the images. */
  logits: tf.Tensor2D;
}

/**
 * A CAM method bound to one layer of one model, for repeated use: the layer is found and checked once.
 * Nothing is added to the model; `compute` runs it in inference mode and returns tensors the caller
 * disposes.
 */
export class GradCAM {
  readonly layer: Layer;
  readonly method: CamMethod;
  private readonly location: TensorLocation;
  private readonly kind: OutputKind;
  private disposed = false;

  constructor(
    private readonly model: LayersModel,
    { layer, method }: GradCamOptions = {},
  ) {
    if (model.inputs.length !== 1) {
      throw new Error(
        `model: '${model.name}' has ${model.inputs.length} inputs; Grad-CAM explains a model with one`,
      );
    }
    this.method = resolveMethod(method);
    this.kind = outputKind(model);
    this.layer = resolveLayer(model, layer);
    this.location = locateLayer(model, this.layer);
    const shape = this.location.tensor.shape;
    if (shape.length !== 4) {
      throw new Error(
        `layer: '${this.layer.name}' outputs shape [${shape}]; a CAM needs a 4-D [batch, height, width, channels] output`,
      );
    }
  }

  async compute(images: tf.Tensor4D, options: ComputeOptions = {}): Promise<GradCamResult> {
    if (this.disposed) throw new Error('GradCAM: compute() after dispose()');
    checkImages(this.model, images);
    checkBatchSize(options.batchSize);
    const targets = resolveTargets(options.targets, images.shape[0], this.kind);
    const first = await this.explainView(images, targets, options);
    return options.augSmooth ? this.smoothOverAugmentations(images, first, targets, options) : first;
  }

  /** Ends this GradCAM: `compute` then throws. It holds no tensors; the model stays the caller's. */
  dispose(): void {
    this.disposed = true;
  }

  /** Adds the CAMs of the other augmented views to those of the unaugmented one (`first`) and averages. */
  private async smoothOverAugmentations(
    images: tf.Tensor4D,
    first: GradCamResult,
    targets: TargetScorer,
    options: ComputeOptions,
  ): Promise<GradCamResult> {
    // Every view explains the class the unaugmented image is predicted as, not its own prediction.
    const fixedTargets = await targets.fixed(first.logits);
    let sum = first.cams;
    for (const view of AUGMENTATION_VIEWS.slice(1)) {
      const augmented = augmentImages(images, view);
      const result = await this.explainView(augmented, fixedTargets, options);
      const next = tf.tidy(() => tf.add(sum, deaugmentCams(result.cams, view)) as tf.Tensor3D);
      tf.dispose([augmented, result.cams, result.raw, result.logits, sum]);
      sum = next;
    }
    const cams = tf.tidy(() => tf.div(sum, AUGMENTATION_VIEWS.length) as tf.Tensor3D);
    sum.dispose();
    return { cams, raw: first.raw, logits: first.logits };
  }

  private async explainView(
    images: tf.Tensor4D,
    targets: TargetScorer,
    { eigenSmooth = false, batchSize = 64, onProgress }: ComputeOptions,
  ): Promise<GradCamResult> {
    const captured = capture(this.model, this.location, images, targets, this.method.usesGradients);
    try {
      const fixed = await targets.fixed(captured.logits);
      const context = this.context(captured, images, fixed, batchSize, onProgress);
      const raw = this.method.layerCam
        ? await this.method.layerCam(context)
        : await this.combineChannels(context, eigenSmooth);
      const [, height, width] = images.shape;
      return { cams: scaleCams(raw, [height, width]), raw, logits: captured.logits };
    } catch (error) {
      captured.logits.dispose();
      throw error;
    } finally {
      tf.dispose([captured.activations, ...(captured.gradients ? [captured.gradients] : [])]);
    }
  }

  /** The channel sum of the method's weighted activations, or their first principal component. */
  private async combineChannels(context: CamContext, eigenSmooth: boolean): Promise<tf.Tensor3D> {
    const weighted = await this.method.weightedActivations(context);
    const raw =
      this.method.alwaysProjects || eigenSmooth
        ? await projectOnFirstComponent(weighted)
        : tf.tidy(() => tf.sum(weighted, 3) as tf.Tensor3D);
    weighted.dispose();
    return raw;
  }

  /** `scorer` has "the predicted class" already fixed, so extra passes explain the same classes. */
  private context(
    { activations, gradients }: Capture,
    images: tf.Tensor4D,
    scorer: TargetScorer,
    batchSize: number,
    onProgress: ComputeOptions['onProgress'],
  ): CamContext {
    const forward = (inputs: tf.Tensor4D) => new GraphRun(this.model, [inputs]).outputs()[0] as tf.Tensor2D;
    return {
      activations,
      gradients,
      images,
      batchSize,
      onProgress,
      scoreInputs: async (inputs, imageOfRow) => tf.tidy(() => scorer.score(forward(inputs), imageOfRow)),
      scoreActivations: (replaced, imageOfRow) =>
        tf.tidy(() => {
          const rows = tf.gather(images, tf.tensor1d(imageOfRow as number[], 'int32'));
          const run = new GraphRun(this.model, [rows]);
          run.replace(this.location, replaced);
          return scorer.score(run.outputs()[0] as tf.Tensor2D, imageOfRow);
        }),
    };
  }
}

function checkBatchSize(batchSize: number | undefined): void {
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new Error(`batchSize: expected a positive integer, got ${batchSize}`);
  }
}
