import type * as tf from '@tensorflow/tfjs-core';
import type { Layer } from '../graph/layer-types';
import type { CamMethod } from '../methods/cam-method';
import {
  CAM_METHODS,
  type CamMethodName,
  PYTORCH_METHOD_NAMES,
  type PytorchMethodName,
} from '../methods/methods';
import { type ExplainableModel, isLayersModel, requireLayersModel } from '../model/as-cam-model';
import type { FinerOptions } from '../targets/finer-targets';
import { FinerCAM } from './finer-cam';
import { FullGrad } from './full-grad';
import { type ComputeOptions, GradCAM } from './grad-cam';
import { type CamsAndLogits, MultiLayerCAM } from './multi-layer-cam';
import { RefineCAM } from './refine-cam';

/** Methods built around a CAM method rather than being one (pytorch-grad-cam's wrappers), by name. */
const COMPOSITE_METHODS = { fullgrad: 'FullGrad', finercam: 'FinerCAM', refinecam: 'RefineCAM' } as const;

type CompositeName =
  | keyof typeof COMPOSITE_METHODS
  | (typeof COMPOSITE_METHODS)[keyof typeof COMPOSITE_METHODS];

/** Every method `explain` runs, by our name or pytorch-grad-cam's class name. */
export type ExplainMethodName = CamMethodName | PytorchMethodName | CompositeName;

/** Our names of every method `explain` runs (pytorch-grad-cam's class names are accepted too). */
export const EXPLAIN_METHODS = [
  ...Object.keys(CAM_METHODS),
  ...Object.keys(COMPOSITE_METHODS),
] as readonly ExplainMethodName[];

/** Every name `explain` takes: ours (`EXPLAIN_METHODS`), then pytorch-grad-cam's class names. */
export const EXPLAIN_METHOD_NAMES = [
  ...EXPLAIN_METHODS,
  ...Object.keys(PYTORCH_METHOD_NAMES),
  ...Object.values(COMPOSITE_METHODS),
] as readonly ExplainMethodName[];

/** Whether `name` is a method `explain` runs (our name or pytorch-grad-cam's class name). */
export function isExplainMethodName(name: string): name is ExplainMethodName {
  return (EXPLAIN_METHOD_NAMES as readonly string[]).includes(name);
}

export interface ExplainOptions extends ComputeOptions, FinerOptions {
  /** Default 'gradcam'. */
  method?: ExplainMethodName | CamMethod;
  /** One layer, or several whose maps are combined (ignored by FullGrad). Default: the last 4-D layer. */
  layer?: string | Layer | ReadonlyArray<string | Layer>;
  /** The output to explain (index or name) of a model with several (not FullGrad). */
  output?: number | string;
}

/**
 * CAMs of `images` ([N, H, W, C]) by any method by name: the CAM methods on one layer or several,
 * and FullGrad, FinerCAM and RefineCAM. Returns tensors the caller disposes.
 */
export async function explain(
  model: ExplainableModel,
  images: tf.Tensor4D,
  { method = 'gradcam', layer, output, ...options }: ExplainOptions = {},
): Promise<CamsAndLogits> {
  const composite = typeof method === 'string' ? compositeName(method) : undefined;
  const layers =
    layer === undefined || typeof layer === 'string' || !Array.isArray(layer) ? undefined : layer;
  const single = layers ? undefined : (layer as string | Layer | undefined);
  if (composite === 'fullgrad')
    return new FullGrad(requireLayersModel(model, 'FullGrad')).compute(images, options);
  if (composite === 'refinecam') {
    if (!layers) throw new Error('layer: RefineCAM combines several layers; give an array of layers');
    return new RefineCAM(model, { layers, output }).compute(images, options);
  }
  const base = method as CamMethodName | PytorchMethodName | CamMethod;
  if (composite === 'finercam') {
    if (layers) throw new Error('layer: FinerCAM explains one layer');
    return dropRaw(await new FinerCAM(model, { layer: single, output }).compute(images, options));
  }
  if (layers) return new MultiLayerCAM(model, { layers, method: base, output }).compute(images, options);
  return dropRaw(await new GradCAM(model, { layer: single, method: base, output }).compute(images, options));
}

/** pytorch-grad-cam's class name of a method (e.g. 'GradCAMPlusPlus' for 'gradcam++'), for people. */
export function explainMethodClassName(method: ExplainMethodName): string {
  const composite = compositeName(method);
  if (composite) return COMPOSITE_METHODS[composite];
  const pytorch = Object.entries(PYTORCH_METHOD_NAMES).find(([, ours]) => ours === method);
  return pytorch?.[0] ?? method;
}

/** The methods `explain` runs on `model`: all but FullGrad, which reads a LayersModel's internals. */
export function explainMethodsFor(model: ExplainableModel): ExplainMethodName[] {
  return EXPLAIN_METHODS.filter((method) => method !== 'fullgrad' || isLayersModel(model));
}

function compositeName(method: string): keyof typeof COMPOSITE_METHODS | undefined {
  for (const [name, pytorchName] of Object.entries(COMPOSITE_METHODS)) {
    if (method === name || method === pytorchName) return name as keyof typeof COMPOSITE_METHODS;
  }
  if (!isExplainMethodName(method)) {
    throw new Error(`method: unknown CAM method '${method}' (known: ${EXPLAIN_METHODS.join(', ')})`);
  }
  return undefined;
}

function dropRaw({
  cams,
  raw,
  logits,
}: {
  cams: tf.Tensor3D;
  raw: tf.Tensor3D;
  logits: tf.Tensor2D;
}): CamsAndLogits {
  raw.dispose();
  return { cams, logits };
}
