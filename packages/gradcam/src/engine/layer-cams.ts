import * as tf from '@tensorflow/tfjs-core';
import { projectOnFirstComponent } from '../eigen/project-batch';
import type { Layer } from '../graph/layer-types';
import type { CamContext, CamMethod } from '../methods/cam-method';
import { type CamMethodName, type PytorchMethodName, resolveMethod } from '../methods/methods';
import { asCamModel, type ExplainableModel } from '../model/as-cam-model';
import type { BoundLayer, CamLayer, CamModel, LayerRun } from '../model/cam-model';
import type { OutputKind } from '../targets/output-kind';
import { resolveTargets, type TargetScorer } from '../targets/targets';
import { AUGMENTATION_VIEWS, augmentImages, deaugmentCams } from './augmentation-views';
import { capture, type LayerCapture } from './capture';
import { checkFinite, checkImages } from './check-images';
import type { CamComparison, ComputeOptions } from './grad-cam';
import { scaleCams } from './scale-cams';

type MethodChoice = CamMethodName | PytorchMethodName | CamMethod;

/** Each method's map at each layer of one view of the images: `layers[l][m]`. */
interface ViewMaps {
  layers: Array<Array<{ cams: tf.Tensor3D; raw: tf.Tensor3D }>>;
  logits: tf.Tensor2D;
}

/**
 * The engine behind `GradCAM` and `gradcamLayers`: CAM methods at a set of layers of one model, all
 * from one capture of the images (one forward and one backward pass), then each method's own extra
 * passes.
 */
export class LayerCams {
  private readonly model: CamModel;
  private bound: BoundLayer[] | undefined;
  private kind: OutputKind | undefined;

  /** `undefined` in `layers` is the default layer; see `GradCAM` for `imageShape`. */
  constructor(
    model: ExplainableModel,
    private readonly requested: ReadonlyArray<string | Layer | undefined>,
    output: number | string | undefined,
    imageShape?: readonly number[],
  ) {
    this.model = asCamModel(model, output);
    const [, ...size] = this.model.inputShape;
    const shape = imageShape ?? (size.every((d) => d !== null) ? [1, ...(size as number[])] : undefined);
    if (shape || requested.every((layer) => layer !== undefined)) this.bound = this.bind(shape);
    if (shape) this.kind = this.model.outputKind(shape);
  }

  /** The layers, in the order asked; undefined until a GraphModel of any image size has chosen its default layer. */
  get layers(): CamLayer[] | undefined {
    return this.bound?.map(({ layer }) => layer);
  }

  /** Per layer, in the order asked: each method's maps and the model output. */
  async computeEach(
    images: tf.Tensor4D,
    methods: ReadonlyArray<MethodChoice>,
    options: ComputeOptions,
  ): Promise<CamComparison[]> {
    const resolved = resolveMethods(methods);
    checkImages(this.model, images);
    await checkFinite(images);
    checkBatchSize(options.batchSize);
    this.bound ??= this.bind(images.shape);
    this.kind ??= this.model.outputKind(images.shape);
    const targets = resolveTargets(options.targets, images.shape[0], this.kind);
    const first = await this.explainView(images, targets, resolved, options);
    const view = options.augSmooth
      ? await this.smoothOverAugmentations(images, first, targets, resolved, options)
      : first;
    return view.layers.map((maps, l) => ({
      layer: this.bound![l]!.layer.name,
      logits: l === 0 ? view.logits : tf.clone(view.logits),
      maps: maps.map(({ cams, raw }, m) => ({ method: resolved[m]!.name, cams, raw })),
    }));
  }

  private bind(imageShape: readonly number[] | undefined): BoundLayer[] {
    const bound = this.requested.map((layer) => this.model.bind(layer, imageShape));
    const names = bound.map(({ layer }) => layer.name);
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated !== undefined) throw new Error(`layers: '${repeated}' is listed twice`);
    return bound;
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
    let sums = first.layers.map((maps) => maps.map(({ cams }) => cams));
    for (const view of AUGMENTATION_VIEWS.slice(1)) {
      const augmented = augmentImages(images, view);
      const result = await this.explainView(augmented, fixedTargets, methods, options);
      const next = sums.map((layer, l) =>
        layer.map((sum, m) =>
          tf.tidy(() => tf.add(sum, deaugmentCams(result.layers[l]![m]!.cams, view)) as tf.Tensor3D),
        ),
      );
      tf.dispose([augmented, result.logits, ...sums.flat(), ...mapTensors(result)]);
      sums = next;
    }
    const layers = sums.map((layer, l) =>
      layer.map((sum, m) => {
        const cams = tf.tidy(() => tf.div(sum, AUGMENTATION_VIEWS.length) as tf.Tensor3D);
        sum.dispose();
        return { cams, raw: first.layers[l]![m]!.raw };
      }),
    );
    return { layers, logits: first.logits };
  }

  /** One capture of the layers for all `methods`, then each method's map at each layer from it. */
  private async explainView(
    images: tf.Tensor4D,
    targets: TargetScorer,
    methods: readonly CamMethod[],
    options: ComputeOptions,
  ): Promise<ViewMaps> {
    const usesGradients = methods.some((method) => method.usesGradients);
    const captured = capture(this.model, this.bound!, images, targets, usesGradients);
    const view: ViewMaps = { layers: [], logits: captured.logits };
    try {
      const fixed = await targets.fixed(captured.logits);
      for (const [l, layer] of captured.layers.entries()) {
        view.layers.push([]);
        const after = continuationAfter(this.bound![l]!, images);
        try {
          const context = this.context(after, layer, images, fixed, options);
          for (const method of methods) view.layers[l]!.push(await mapOf(method, context, images, options));
        } finally {
          after.dispose();
        }
      }
      return view;
    } catch (error) {
      tf.dispose([captured.logits, ...mapTensors(view)]);
      throw error;
    } finally {
      tf.dispose(
        captured.layers.flatMap(({ activations, gradients }) => [
          activations,
          ...(gradients ? [gradients] : []),
        ]),
      );
    }
  }

  /** `scorer` has "the predicted class" already fixed, so extra passes explain the same classes. */
  private context(
    after: Continuation,
    { activations, gradients }: LayerCapture,
    images: tf.Tensor4D,
    scorer: TargetScorer,
    { batchSize = 64, onProgress }: ComputeOptions,
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
        tf.tidy(() => scorer.score(after.outputFrom(replaced, imageOfRow), imageOfRow)),
    };
  }
}

/** The model after one layer, evaluated as often as a method asks, disposed when the layer is done. */
interface Continuation {
  outputFrom(activations: tf.Tensor, imageOfRow: readonly number[]): tf.Tensor2D;
  dispose(): void;
}

/**
 * The images' forward pass up to the layer runs once, at the first continuation (most methods ask
 * for none): skip connections around the layer read it, and Ablation-CAM continues from the layer
 * once per batch of ablated channels.
 */
function continuationAfter(bound: BoundLayer, images: tf.Tensor4D): Continuation {
  let run: LayerRun | undefined;
  let kept: tf.Tensor[] = [];
  return {
    outputFrom(activations, imageOfRow) {
      if (!run) {
        // Kept past the caller's tidy (and a gradient's): this continuation is called inside them.
        kept = tf.tidy(() => {
          run = bound.run(images);
          return run.computed().map((tensor) => tf.keep(tensor));
        });
      }
      const eachImageOnce =
        imageOfRow.length === images.shape[0] && imageOfRow.every((image, r) => image === r);
      return run!.outputFrom(activations, eachImageOnce ? undefined : imageOfRow);
    },
    dispose: () => tf.dispose(kept),
  };
}

/** One method's map at one layer: `raw` at the layer's size, `cams` scaled to the images. */
async function mapOf(
  method: CamMethod,
  context: CamContext,
  images: tf.Tensor4D,
  { eigenSmooth = false }: ComputeOptions,
): Promise<{ cams: tf.Tensor3D; raw: tf.Tensor3D }> {
  const raw = method.layerCam
    ? await method.layerCam(context)
    : await combineChannels(method, context, eigenSmooth);
  const [, height, width] = images.shape;
  return { cams: scaleCams(raw, [height, width]), raw };
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

function mapTensors({ layers }: ViewMaps): tf.Tensor3D[] {
  return layers.flat().flatMap(({ cams, raw }) => [cams, raw]);
}

/** The methods of `computeEach`, resolved, each once. */
function resolveMethods(methods: ReadonlyArray<MethodChoice>): CamMethod[] {
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
