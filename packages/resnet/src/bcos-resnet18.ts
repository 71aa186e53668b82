import { finiteNumber, integerAtLeast, oneOf, optionsObject, positiveNumber } from '@bcos/backend';
import { bcosConv2d, logitLayer } from '@bcos/layers';
import { input, type LayersModel, layers, model, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import { checkInputShape, STEMS, type Stem } from './arguments';
import { bcosFamily } from './bcos-family';
import { type BcosNorm, resolveBcosNorm } from './bcos-norm';
import { resnetFeatures } from './resnet-features';

export interface BcosResnet18Options {
  stem: Stem;
  classes: number;
  /** [height, width, 6]: the model takes images encoded by `encodeImage` of @bcos/layers. */
  inputShape: readonly [number, number, number];
  /** Channels of the stem and layer1 (doubling in each later stage); default 64. */
  width?: number;
  /** Alignment pressure of every B-cos conv; default 2. */
  b?: number;
  /** Linear pieces per output channel of every B-cos conv; default 1 (no MaxOut). */
  maxOut?: number;
  /** Default 'batch': B-cos v2's bias-free uncentered batch norm. */
  norm?: BcosNorm;
  /** Divides the logits; default 1. */
  logitTemperature?: number;
  /** Added to the logits; default −log(classes − 1), i.e. 0 for two classes. */
  logitBias?: number;
}

const WHERE = 'bcosResnet18';
/** The 6-channel B-cos image encoding [r, g, b, 1−r, 1−g, 1−b]. */
const ENCODED_CHANNELS = 6;

/**
 * B-cos v2's ResNet-18 (bcos/models/resnet.py): the classifier `fc` is a 1×1 B-cos conv applied
 * before global average pooling, followed by the logit layer. Train it with binary cross-entropy on
 * one-hot targets; a binary task (e.g. CelebA) keeps two logits, so each class has its own
 * explanation.
 */
export function bcosResnet18(options: BcosResnet18Options): LayersModel {
  optionsObject(WHERE, options);
  const stem = oneOf(WHERE, 'stem', options.stem, STEMS);
  const classes = integerAtLeast(WHERE, 'classes', options.classes, 2);
  const width = integerAtLeast(WHERE, 'width', options.width ?? 64, 1);
  const inputShape = checkInputShape(options.inputShape, stem, WHERE, ENCODED_CHANNELS);
  const b = positiveNumber(WHERE, 'b', options.b ?? 2);
  const maxOut = integerAtLeast(WHERE, 'maxOut', options.maxOut ?? 1, 1);
  const temperature = positiveNumber(WHERE, 'logitTemperature', options.logitTemperature ?? 1);
  const norm = resolveBcosNorm(options.norm, width, WHERE);
  const bias =
    options.logitBias === undefined ? undefined : finiteNumber(WHERE, 'logitBias', options.logitBias);

  const images = input({ shape: inputShape, name: 'input' });
  const features = resnetFeatures(images, { stem, width }, bcosFamily({ b, maxOut, norm }));
  const classMaps = bcosConv2d({ name: 'fc', filters: classes, kernelSize: 1, b, maxOut }).apply(features);
  const pooled = layers.globalAveragePooling2d({ name: 'avgpool' }).apply(classMaps);
  const logits = logitLayer({ name: 'logit_layer', temperature, bias }).apply(pooled);
  return model({
    inputs: images,
    outputs: logits as SymbolicTensor,
    name: `bcos_resnet18_${stem}_${norm.kind}`,
  });
}
