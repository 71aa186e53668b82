/**
 * LayersModels with the structures of published image classifiers (skip connections, depthwise
 * convolutions with fused ReLU6, batch norm without scale, concatenated branches, two outputs).
 * `scripts/write-graph-fixtures.ts` converts them to the GraphModels in `test-fixtures/`; tests load
 * both and compare, with the LayersModel given the GraphModel's weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Symbolic = tfl.SymbolicTensor;

const normal = (seed: number, stddev = 0.4) => tfl.initializers.randomNormal({ mean: 0, stddev, seed });
const positive = (seed: number) => tfl.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed });

function apply(layer: tfl.layers.Layer, input: Symbolic | Symbolic[]): Symbolic {
  return layer.apply(input) as Symbolic;
}

function conv(name: string, filters: number, seed: number, options: Record<string, unknown> = {}) {
  return tfl.layers.conv2d({
    name,
    filters,
    kernelSize: 3,
    padding: 'same',
    kernelInitializer: normal(seed),
    biasInitializer: normal(seed + 1, 0.1),
    ...options,
  });
}

function depthwise(name: string, seed: number, options: Record<string, unknown> = {}) {
  return tfl.layers.depthwiseConv2d({
    name,
    kernelSize: 3,
    padding: 'same',
    depthwiseInitializer: normal(seed),
    biasInitializer: normal(seed + 1, 0.1),
    ...options,
  });
}

/** Keras `BatchNormalization(scale=False)`, as in InceptionV3, with non-trivial statistics. */
function scaleLessBatchNorm(name: string, seed: number) {
  return tfl.layers.batchNormalization({
    name,
    scale: false,
    epsilon: 1e-3,
    betaInitializer: normal(seed, 0.2),
    movingMeanInitializer: normal(seed + 1, 0.2),
    movingVarianceInitializer: positive(seed + 2),
  });
}

function dense(name: string, units: number, seed: number, activation?: 'softmax') {
  return tfl.layers.dense({
    name,
    units,
    activation,
    kernelInitializer: normal(seed),
    biasInitializer: normal(seed + 1, 0.1),
  });
}

/**
 * A MobileNetV2-like net: stem conv (ReLU6) → inverted residual (depthwise ReLU6 → 1×1 project →
 * BN without scale, added to the stem) → ReLU6 → strided depthwise → 1×1 head → pool → logits, and a
 * second output (an auxiliary classifier on the stem).
 */
export function mobileResidualNet(): tfl.LayersModel {
  const image = tfl.input({ shape: [8, 8, 3], name: 'image' });
  const stem = apply(conv('stem', 6, 1, { activation: 'relu6' }), image);
  const expand = apply(depthwise('expand_dw', 3, { activation: 'relu6' }), stem);
  const project = apply(conv('project', 6, 5, { kernelSize: 1 }), expand);
  const projectBn = apply(scaleLessBatchNorm('project_bn', 7), project);
  const added = apply(tfl.layers.add({ name: 'skip_add' }), [stem, projectBn]);
  const blockOut = apply(tfl.layers.reLU({ name: 'block_relu', maxValue: 6 }), added);
  const down = apply(depthwise('down_dw', 11, { strides: 2 }), blockOut);
  const head = apply(conv('head', 8, 13, { kernelSize: 1, activation: 'relu' }), down);
  const pooled = apply(tfl.layers.globalAveragePooling2d({ name: 'pool' }), head);
  const logits = apply(dense('logits', 5, 15), pooled);
  const stemPooled = apply(tfl.layers.globalAveragePooling2d({ name: 'aux_pool' }), stem);
  const aux = apply(dense('aux', 3, 17, 'softmax'), stemPooled);
  return tfl.model({ inputs: image, outputs: [logits, aux], name: 'mobile_residual' });
}

/**
 * An InceptionV3-like net: conv → BN without scale → ReLU units, a strided valid stem, an inception
 * block of three concatenated branches (1×1; 3×3; average pool → 1×1), max pool, softmax classifier.
 */
export function inceptionNet(): tfl.LayersModel {
  const image = tfl.input({ shape: [11, 11, 3], name: 'image' });
  const unit = (name: string, input: Symbolic, filters: number, seed: number, options = {}) => {
    const convolved = apply(conv(`${name}_conv`, filters, seed, { useBias: false, ...options }), input);
    const normed = apply(scaleLessBatchNorm(`${name}_bn`, seed + 2), convolved);
    return apply(tfl.layers.reLU({ name }), normed);
  };
  const stem = unit('stem', image, 6, 21, { strides: 2, padding: 'valid' });
  const b1 = unit('branch1x1', stem, 4, 31, { kernelSize: 1 });
  const b3 = unit('branch3x3', stem, 4, 41);
  const pooledBranch = apply(
    tfl.layers.averagePooling2d({ name: 'branch_pool_avg', poolSize: 3, strides: 1, padding: 'same' }),
    stem,
  );
  const bp = unit('branch_pool', pooledBranch, 4, 51, { kernelSize: 1 });
  const mixed = apply(tfl.layers.concatenate({ name: 'mixed', axis: -1 }), [b1, b3, bp]);
  const reduced = apply(tfl.layers.maxPooling2d({ name: 'reduce', poolSize: 2, strides: 2 }), mixed);
  const pooled = apply(tfl.layers.globalAveragePooling2d({ name: 'pool' }), reduced);
  const predictions = apply(dense('predictions', 4, 61, 'softmax'), pooled);
  return tfl.model({ inputs: image, outputs: predictions, name: 'inception_mini' });
}

export const GRAPH_FIXTURE_NETS = {
  'mobile-residual': mobileResidualNet,
  'inception-mini': inceptionNet,
} as const;
export type GraphFixtureName = keyof typeof GRAPH_FIXTURE_NETS;

/** Images for a net's input, seeded. */
export function imagesFor(model: tfl.LayersModel, n: number, seed = 5): tf.Tensor4D {
  const [, h, w, c] = model.inputs[0]!.shape as number[];
  return tf.randomUniform([n, h!, w!, c!], 0, 1, 'float32', seed) as tf.Tensor4D;
}
