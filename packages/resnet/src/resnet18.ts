import { integerAtLeast, oneOf, optionsObject } from '@bcos/backend';
import {
  initializers,
  input,
  type LayersModel,
  layers,
  model,
  type SymbolicTensor,
} from '@tensorflow/tfjs-layers';
import { featureChannels } from './architecture';
import { checkInputShape, STEMS, type Stem } from './arguments';
import { normGroups } from './groups';
import { plainFamily } from './plain-family';
import { PLAIN_NORMS, type PlainNorm } from './plain-norm';
import { resnetFeatures } from './resnet-features';

export interface Resnet18Options {
  stem: Stem;
  norm: PlainNorm;
  classes: number;
  /** [height, width, channels] of one image. */
  inputShape: readonly [number, number, number];
  /** Channels of the stem and layer1 (doubling in each later stage); 64 is the standard ResNet-18. */
  width?: number;
  /** Groups of `norm: 'group'`; default gcd(32, width), i.e. 32 at the standard width. */
  groups?: number;
}

const WHERE = 'resnet18';

/**
 * The standard ResNet-18 as a tfjs-layers functional model with PyTorch's layer names; the output
 * is the logits (no softmax).
 */
export function resnet18(options: Resnet18Options): LayersModel {
  optionsObject(WHERE, options);
  const stem = oneOf(WHERE, 'stem', options.stem, STEMS);
  const norm = oneOf(WHERE, 'norm', options.norm, PLAIN_NORMS);
  const classes = integerAtLeast(WHERE, 'classes', options.classes, 2);
  const width = integerAtLeast(WHERE, 'width', options.width ?? 64, 1);
  const inputShape = checkInputShape(options.inputShape, stem, WHERE);
  const groups = normGroups(options.groups, width, WHERE);

  const images = input({ shape: inputShape, name: 'input' });
  const features = resnetFeatures(images, { stem, width }, plainFamily(norm, groups));
  const pooled = layers.globalAveragePooling2d({ name: 'avgpool' }).apply(features) as SymbolicTensor;
  const logits = classifier(classes, featureChannels(width)).apply(pooled) as SymbolicTensor;
  return model({ inputs: images, outputs: logits, name: `resnet18_${stem}_${norm}` });
}

/** nn.Linear's default initialisation: weight and bias uniform in ±1/√fan_in. */
function classifier(classes: number, inputs: number) {
  const bound = 1 / Math.sqrt(inputs);
  return layers.dense({
    units: classes,
    name: 'fc',
    kernelInitializer: initializers.varianceScaling({ scale: 1 / 3, mode: 'fanIn', distribution: 'uniform' }),
    biasInitializer: initializers.randomUniform({ minval: -bound, maxval: bound }),
  });
}
