import * as tf from '@tensorflow/tfjs-core';
import { projectOnFirstComponent } from '../eigen/project-batch';
import type { Layer } from '../graph/layer-types';
import type { CamContext, CamMethod } from '../methods/cam-method';
import { type CamMethodName, type PytorchMethodName, resolveMethod } from '../methods/methods';
import { asCamModel, type ExplainableModel } from '../model/as-cam-model';
import type { BoundLayer, CamLayer, CamModel } from '../model/cam-model';
import type { OutputKind } from '../targets/output-kind';
import { type CamTargets, resolveTargets, type TargetScorer } from '../targets/targets';
import { AUGMENTATION_VIEWS, augmentImages, deaugmentCams } from './augmentation-views';
import { type Capture, capture } from './capture';
import { checkFinite, checkImages } from './check-images';
import { scaleCams } from './scale-cams';

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

interface ViewMaps {
  maps: Array<{ cams: tf.Tensor3D; raw: tf.Tensor3D }>;
  logits: tf.Tensor2D;
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
  private readonly model: CamModel;
  private bound: BoundLayer | undefined;
  private kind: OutputKind | undefined;
  private disposed = false;

  /**
   * `imageShape` (an [N, H, W, C] batch) lets a GraphModel that takes images of any size choose its
   * default layer now; without it, that choice waits for the first `compute`.
   */
  constructor(
    model: ExplainableModel,
    private readonly options: GradCamOptions = {},
    imageShape?: readonly number[],
  ) {
    this.method = resolveMethod(options.method);
    this.model = asCamModel(model, options.output);
    const [, ...size] = this.model.inputShape;
    const shape = imageShape ?? (size.every((d) => d !== null) ? [1, ...(size as number[])] : undefined);
    if (shape || options.layer !== undefined) this.bound = this.model.bind(options.layer, shape);
    if (shape) this.kind = this.model.outputKind(shape);
  }

  /** The explained layer (a GraphModel node: its name and op); chosen by the first `compute` for a GraphModel of any image size. */
  get layer(): CamLayer {
    if (!this.bound)
      throw new Error('GradCAM: the default layer of this model is chosen by the first compute()');
    return this.bound.layer;
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
    const resolved = resolveMethods(methods);
    checkImages(this.model, images);
    await checkFinite(images);
    checkBatchSize(options.batchSize);
    this.bound ??= this.model.bind(this.options.layer, images.shape);
    this.kind ??= this.model.outputKind(images.shape);
    const targets = resolveTargets(options.targets, images.shape[0], this.kind);
    const first = await this.explainView(images, targets, resolved, options);
    const view = options.augSmooth
      ? await this.smoothOverAugmentations(images, first, targets, resolved, options)
      : first;
    return {
      layer: this.layer.name,
      logits: view.logits,
      maps: view.maps.map(({ cams, raw }, i) => ({ method: resolved[i]!.name, cams, raw })),
    };
  }

  /** Ends this GradCAM: `compute` then throws. It holds no tensors; the model stays the caller's. */
  dispose(): void {
    this.disposed = true;
  }

  /** Adds the CAMs of the other augmented views to those of the unaugmented one (`first`) and averages. */
  private async smoothOverAugmentations(
    images: tf.Tensor4D,
    first: ViewMaps,
    targets: TargetScorer,
    methods: readonly CamMethod[],
    options: ComputeOptions,
  ): Promise<ViewMaps> {
    // Every view explains the class the unaugmented image is predicted as, not its own prediction.
    const fixedTargets = await targets.fixed(first.logits);
    let sums = first.maps.map(({ cams }) => cams);
    for (const view of AUGMENTATION_VIEWS.slice(1)) {
      const augmented = augmentImages(images, view);
      const result = await this.explainView(augmented, fixedTargets, methods, options);
      const next = sums.map((sum, i) =>
        tf.tidy(() => tf.add(sum, deaugmentCams(result.maps[i]!.cams, view)) as tf.Tensor3D),
      );
      tf.dispose([augmented, result.logits, ...sums, ...mapTensors(result.maps)]);
      sums = next;
    }
    const maps = sums.map((sum, i) => {
      const cams = tf.tidy(() => tf.div(sum, AUGMENTATION_VIEWS.length) as tf.Tensor3D);
      sum.dispose();
      return { cams, raw: first.maps[i]!.raw };
    });
    return { maps, logits: first.logits };
  }

  /** One capture of the layer for all `methods`, then each method's map from it. */
  private async explainView(
    images: tf.Tensor4D,
    targets: TargetScorer,
    methods: readonly CamMethod[],
    { eigenSmooth = false, batchSize = 64, onProgress }: ComputeOptions,
  ): Promise<ViewMaps> {
    const usesGradients = methods.some((method) => method.usesGradients);
    const captured = capture(this.bound!, images, targets, usesGradients);
    const maps: ViewMaps['maps'] = [];
    try {
      const fixed = await targets.fixed(captured.logits);
      const context = this.context(captured, images, fixed, batchSize, onProgress);
      const [, height, width] = images.shape;
      for (const method of methods) {
        const raw = method.layerCam
          ? await method.layerCam(context)
          : await combineChannels(method, context, eigenSmooth);
        maps.push({ cams: scaleCams(raw, [height, width]), raw });
      }
      return { maps, logits: captured.logits };
    } catch (error) {
      tf.dispose([captured.logits, ...mapTensors(maps)]);
      throw error;
    } finally {
      tf.dispose([captured.activations, ...(captured.gradients ? [captured.gradients] : [])]);
    }
  }

  /** `scorer` has "the predicted class" already fixed, so extra passes explain the same classes. */
  private context(
    { activations, gradients }: Capture,
    images: tf.Tensor4D,
    scorer: TargetScorer,
    batchSize: number,
    onProgress: ComputeOptions['onProgress'],
  ): CamContext {
    const forward = (inputs: tf.Tensor4D) => this.model.predict(inputs);
    return {
      activations,
      gradients,
      images,
      batchSize,
      onProgress,
      scoreInputs: async (inputs, imageOfRow) => tf.tidy(() => scorer.score(forward(inputs), imageOfRow)),
      scoreActivations: (replaced, imageOfRow) =>
        tf.tidy(() => {
          // The images' own forward pass up to the layer: skip connections around it still need them.
          const rows = tf.gather(images, tf.tensor1d(imageOfRow as number[], 'int32'));
          return scorer.score(this.bound!.run(rows).outputFrom(replaced), imageOfRow);
        }),
    };
  }
}

/** The channel sum of the method's weighted activations, or their first principal component. */
async function combineChannels(
  method: CamMethod,
  context: CamContext,
  eigenSmooth: boolean,
): Promise<tf.Tensor3D> {
  const weighted = await method.weightedActivations(context);
  const raw =
    method.alwaysProjects || eigenSmooth
      ? await projectOnFirstComponent(weighted)
      : tf.tidy(() => tf.sum(weighted, 3) as tf.Tensor3D);
  weighted.dispose();
  return raw;
}

function mapTensors(maps: ViewMaps['maps']): tf.Tensor3D[] {
  return maps.flatMap(({ cams, raw }) => [cams, raw]);
}

/** The methods of `computeEach`, resolved, each once. */
function resolveMethods(methods: ReadonlyArray<CamMethodName | PytorchMethodName | CamMethod>): CamMethod[] {
  if (!Array.isArray(methods) || methods.length === 0)
    throw new Error(
      `methods: expected a non-empty array of CAM methods, got ${JSON.stringify(methods) ?? typeof methods}`,
    );
  const resolved = methods.map((method) => resolveMethod(method));
  const names = resolved.map(({ name }) => name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new Error(`methods: '${repeated}' is listed twice`);
  return resolved;
}

function checkBatchSize(batchSize: number | undefined): void {
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new Error(`batchSize: expected a positive integer, got ${batchSize}`);
  }
}
