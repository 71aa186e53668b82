import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { CamModel } from './cam-model';
import { GraphCamModel } from './graph-cam-model';
import { LayersCamModel } from './layers-cam-model';

/** The models Grad-CAM explains: a tfjs-layers LayersModel or a tfjs-converter GraphModel. */
export type ExplainableModel = LayersModel | GraphModel;

/**
 * The CAM engine's view of `model`, explaining output `output` (index or name; needed when the
 * model has several). Duck-typed: the ESM and CJS builds of tfjs are separate module instances.
 */
export function asCamModel(model: ExplainableModel, output?: number | string): CamModel {
  if (isLayersModel(model)) return new LayersCamModel(model, output);
  if (isGraphModel(model)) return new GraphCamModel(model, graphModelName(model), output);
  throw new Error(`model: expected a tfjs LayersModel or GraphModel, got ${describeValue(model)}`);
}

/** `model` as a LayersModel, for what reads per-layer internals (`method` names it in the error). */
export function requireLayersModel(model: ExplainableModel, method: string): LayersModel {
  if (isLayersModel(model)) return model;
  if (!isGraphModel(model)) asCamModel(model); // the error for what is no model at all
  throw new Error(
    `model: ${method} needs a LayersModel (it reads every layer's internals); '${graphModelName(model as GraphModel)}' is a GraphModel`,
  );
}

/** Duck-typed, as `asCamModel`. */
export function isLayersModel(model: unknown): model is LayersModel {
  const candidate = model as Partial<LayersModel> | null;
  return (
    Array.isArray(candidate?.layers) && Array.isArray(candidate?.inputs) && Array.isArray(candidate?.outputs)
  );
}

function isGraphModel(model: unknown): model is GraphModel {
  const candidate = model as Partial<GraphModel> | null;
  return typeof candidate?.execute === 'function' && typeof candidate?.executeAsync === 'function';
}

/** GraphModels have no name; the URL they were loaded from (when a string) is the closest. */
function graphModelName(model: GraphModel): string {
  const url = (model as unknown as { modelUrl?: unknown }).modelUrl;
  return typeof url === 'string' ? url : 'GraphModel';
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value !== 'object') return `${typeof value} ${String(value)}`;
  return `an object (${value.constructor?.name ?? 'no class'})`;
}
