import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { parseSafetensors, type Safetensors } from './safetensors';
import { decoderFor } from './safetensors-dtypes';
import { TORCH_MAPPINGS, type TorchMapping, type TorchMappingName } from './torch-mapping';
import { torchShapeOf, torchToTfPermutation } from './weight-layout';

type ModelWeight = LayersModel['weights'][number];

export interface LoadTorchWeightsOptions {
  /** `'bcos-v2'` (official B-cos v2 checkpoints), `'torchvision'`, or a mapping of one's own. */
  mapping: TorchMappingName | TorchMapping;
}

export interface LoadTorchWeightsResult {
  /** state_dict keys assigned to the model's weights. */
  loaded: string[];
  /** state_dict keys that hold nothing the model uses (num_batches_tracked, …). */
  ignored: string[];
}

interface Binding {
  key: string;
  weight: ModelWeight;
  torchShape: number[];
}

/**
 * Loads a PyTorch state_dict stored as safetensors (the file's bytes, or a parsed file; in Node
 * `readSafetensors(path)` from @bcos/resnet/node reads one) into a model built with PyTorch's layer
 * names. Every key, shape and dtype is checked before any weight changes: a state_dict that does not fit throws one error listing all problems and leaves
 * the model as it was.
 */
export async function loadTorchWeights(
  model: LayersModel,
  source: Uint8Array | ArrayBuffer | Safetensors,
  options: LoadTorchWeightsOptions,
): Promise<LoadTorchWeightsResult> {
  const mapping = resolveMapping(options?.mapping);
  const file = openSource(source);
  const { bindings, unnamed } = bind(model, mapping);
  const ignored = [...file.entries.keys()].filter((key) => mapping.ignores(key, model));
  const problems = findProblems(file, bindings, unnamed, new Set(ignored));
  if (problems.length > 0) {
    throw new Error(
      `loadTorchWeights: the state_dict in ${file.source} does not fit model '${model.name}' under the ${mapping.name} mapping; nothing was loaded:\n${problems.join('\n')}`,
    );
  }
  assign(file, bindings);
  return { loaded: bindings.map((b) => b.key), ignored };
}

function resolveMapping(mapping: unknown): TorchMapping {
  if (typeof mapping === 'string' && mapping in TORCH_MAPPINGS)
    return TORCH_MAPPINGS[mapping as TorchMappingName];
  const custom = mapping as Partial<TorchMapping> | undefined;
  if (typeof custom?.torchKey === 'function' && typeof custom.ignores === 'function')
    return custom as TorchMapping;
  throw new Error(
    `loadTorchWeights: option mapping must be ${Object.keys(TORCH_MAPPINGS)
      .map((n) => `'${n}'`)
      .join(' or ')} or a TorchMapping, got ${JSON.stringify(mapping)}`,
  );
}

function openSource(source: Uint8Array | ArrayBuffer | Safetensors): Safetensors {
  if (typeof source === 'string') {
    throw new Error(
      `loadTorchWeights: source is a path ('${source}'); read the file first with readSafetensors from @bcos/resnet/node`,
    );
  }
  if (source instanceof Uint8Array) return parseSafetensors(source);
  if (source instanceof ArrayBuffer) return parseSafetensors(new Uint8Array(source));
  if (source && typeof source === 'object' && source.entries instanceof Map) return source;
  throw new Error("loadTorchWeights: source must be a .safetensors file's bytes or a parsed file");
}

function bind(model: LayersModel, mapping: TorchMapping): { bindings: Binding[]; unnamed: string[] } {
  const bindings: Binding[] = [];
  const unnamed: string[] = [];
  for (const layer of model.layers) {
    for (const weight of layer.weights) {
      const weightName = weight.originalName.slice(layer.name.length + 1);
      const key = mapping.torchKey(layer.name, weightName);
      if (key === undefined) unnamed.push(weight.originalName);
      else bindings.push({ key, weight, torchShape: torchShapeOf(weight.shape as number[]) });
    }
  }
  return { bindings, unnamed };
}

function findProblems(
  file: Safetensors,
  bindings: Binding[],
  unnamed: string[],
  ignored: Set<string>,
): string[] {
  const missing: string[] = [];
  const mismatched: string[] = [];
  const undecodable: string[] = [];
  for (const { key, weight, torchShape } of bindings) {
    const entry = file.entries.get(key);
    if (!entry) missing.push(`${key} ${shapeText(torchShape)} for ${weight.originalName}`);
    else if (shapeText(entry.shape) !== shapeText(torchShape)) {
      mismatched.push(
        `${key} is ${shapeText(entry.shape)}, ${weight.originalName} needs ${shapeText(torchShape)}`,
      );
    } else if (!decoderFor(entry.dtype)) undecodable.push(`${key} is ${entry.dtype}`);
  }
  const bound = new Set(bindings.map((b) => b.key));
  const unknown = [...file.entries.keys()].filter((key) => !bound.has(key) && !ignored.has(key));
  return [
    section('missing keys', missing),
    section('unknown keys', unknown),
    section('shape mismatches', mismatched),
    section('dtypes that are no float weights', undecodable),
    section('model weights the mapping has no key for', unnamed),
  ].filter((text): text is string => text !== undefined);
}

function section(title: string, items: string[]): string | undefined {
  return items.length === 0
    ? undefined
    : `  ${title} (${items.length}):\n${items.map((i) => `    ${i}`).join('\n')}`;
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Decodes every tensor before the first write, so that a failure cannot leave a half-loaded model. */
function assign(file: Safetensors, bindings: Binding[]): void {
  const values = bindings.map((binding) => file.read(binding.key));
  tf.tidy(() => {
    bindings.forEach(({ weight, torchShape }, i) => {
      const torchTensor = tf.tensor(values[i]!, torchShape, 'float32');
      const permutation = torchToTfPermutation(torchShape.length);
      weight.write(permutation ? tf.transpose(torchTensor, permutation) : torchTensor);
    });
  });
}
