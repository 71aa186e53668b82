import { basename } from 'node:path';
import { fileSystem } from '@bcos/backend/node';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Stem } from './arguments';
import type { BcosNormKind } from './bcos-norm';
import { bcosResnet18 } from './bcos-resnet18';
import {
  type Architecture,
  type CheckpointShape,
  checkpointShape,
  MAPPING_OF,
} from './checkpoint-architecture';
import { loadTorchWeights } from './load-torch-weights';
import type { PlainNorm } from './plain-norm';
import { readSafetensors } from './read-safetensors';
import { resnet18 } from './resnet18';

export interface ConvertOptions {
  /** A PyTorch state_dict saved as .safetensors. */
  from: string;
  arch: Architecture;
  /** Directory that receives model.json and weights.bin. */
  out: string;
  /** Each of the following defaults to what the state_dict shows (stem, width, classes, batch or no norm). */
  stem?: Stem;
  classes?: number;
  width?: number;
  /** Needed when the state_dict cannot tell (γ-only norms: layer, position or group). */
  norm?: BcosNormKind | PlainNorm;
  /** B-cos norms that subtract the mean (B-cos v2 resnet.py's default position norm). */
  centered?: boolean;
  groups?: number;
  b?: number;
  maxOut?: number;
  logitTemperature?: number;
  /** Square input size; default 224 for the ImageNet stem, 32 for the CIFAR stem. */
  inputSize?: number;
}

/** What `model.json` records under userDefinedMetadata.bcos, for tools that load the model. */
export interface ConvertedModelMetadata {
  arch: Architecture;
  stem: Stem;
  classes: number;
  width: number;
  norm: string;
  inputShape: [number, number, number];
  source: string;
}

export interface ConvertResult {
  model: LayersModel;
  metadata: ConvertedModelMetadata;
  loaded: string[];
  ignored: string[];
}

const DEFAULT_INPUT_SIZE: Record<Stem, number> = { cifar: 32, imagenet: 224 };

/**
 * Builds the model a PyTorch ResNet-18 checkpoint describes, loads the weights (all or nothing)
 * and writes it as a tfjs model directory through the file:// handler.
 */
export async function convertCheckpoint(options: ConvertOptions): Promise<ConvertResult> {
  const file = await readSafetensors(options.from);
  const shape = checkpointShape(file, options.arch);
  const metadata = resolveMetadata(options, shape);
  const model = buildModel(options, metadata);
  try {
    const { loaded, ignored } = await loadTorchWeights(model, file, { mapping: MAPPING_OF[options.arch] });
    model.setUserDefinedMetadata({ bcos: { ...metadata } });
    await model.save(fileSystem(options.out));
    return { model, metadata, loaded, ignored };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

function resolveMetadata(options: ConvertOptions, shape: CheckpointShape): ConvertedModelMetadata {
  const pieces = options.arch === 'bcos-resnet18' ? (options.maxOut ?? 1) : 1;
  const stem = agreed('stem', options.stem, shape.stem, 'conv1 kernel size');
  const width = agreed('width', options.width, shape.stemChannels / pieces, 'conv1 output channels / maxOut');
  const classes = agreed('classes', options.classes, shape.classifierUnits / pieces, 'fc outputs / maxOut');
  const norm = options.norm ?? shape.norm;
  if (norm === undefined) {
    throw new Error(
      `bcos-convert: ${options.from} has norms with γ/β only, which could be layer, position or group norms; pass --norm`,
    );
  }
  const size = options.inputSize ?? DEFAULT_INPUT_SIZE[stem];
  const channels = options.arch === 'bcos-resnet18' ? 6 : shape.inputChannels;
  return {
    arch: options.arch,
    stem,
    classes,
    width,
    norm,
    inputShape: [size, size, channels],
    source: basename(options.from),
  };
}

/** An option the user gave must match the checkpoint; without one, the checkpoint decides. */
function agreed<T>(option: string, given: T | undefined, found: T, where: string): T {
  if (given !== undefined && given !== found) {
    throw new Error(
      `bcos-convert: option ${option} is ${String(given)}, but the checkpoint's ${where} give ${String(found)}`,
    );
  }
  return found;
}

function buildModel(options: ConvertOptions, metadata: ConvertedModelMetadata): LayersModel {
  const { stem, classes, width, inputShape } = metadata;
  if (options.arch === 'resnet18') {
    return resnet18({
      stem,
      classes,
      width,
      inputShape,
      norm: metadata.norm as PlainNorm,
      groups: options.groups,
    });
  }
  return bcosResnet18({
    stem,
    classes,
    width,
    inputShape,
    b: options.b,
    maxOut: options.maxOut,
    logitTemperature: options.logitTemperature,
    norm: {
      kind: metadata.norm as BcosNormKind,
      centered: options.centered ?? false,
      groups: options.groups,
    },
  });
}
