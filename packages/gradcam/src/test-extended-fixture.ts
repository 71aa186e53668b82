/** The extended pytorch-grad-cam fixture (../shared/fixtures/parity/gradcam-extended-reference.json) and its net. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  binaryClassifierOutputTarget,
  classifierOutputReST,
  classifierOutputSoftmaxTarget,
  rawScoresOutputTarget,
} from './targets/target-functions';
import type { CamTargets } from './targets/targets';

export type Nested = number | Nested[];

export interface FixtureTargets {
  type: string | null;
  categories?: number[];
  resolved_categories?: number[];
  finer_targets?: Array<{ main_category: number; comparison_categories: number[]; alpha: number }>;
}

export interface CamEntry {
  method: string;
  head: 'multiclass' | 'binary';
  target_layers: string[];
  targets: FixtureTargets;
  call_kwargs: Record<string, number | boolean>;
  cam: Nested;
  layer_cam?: Nested;
  channel_weights?: Nested;
}

export interface MetricScores {
  cams_from: string;
  targets: FixtureTargets;
  scores: Record<string, Nested>;
}

export interface DffEntry {
  target_layer: string;
  n_components: number;
  concepts: Nested;
  explanations: Nested;
  nmf_W_init: Nested;
  nmf_H_init: Nested;
  nmf_params: Record<string, unknown>;
  concept_outputs?: Nested;
}

export interface ExtendedFixture {
  weights: Record<string, Nested>;
  bn_epsilon: number;
  x: Nested;
  logits: Nested;
  binary_logits: Nested;
  targets: number[];
  binary_targets: number[];
  target_layer_activations: Record<string, Nested>;
  cams: Record<string, CamEntry>;
  guided_backprop: Record<string, Record<string, Nested | string | null>>;
  dff: Record<string, DffEntry>;
  metrics: Record<string, MetricScores>;
  road_detail: Record<string, Record<string, Nested | Record<string, Nested>>>;
  skipped: Record<string, string>;
}

const FIXTURE_URL = new URL(
  '../../../../shared/fixtures/parity/gradcam-extended-reference.json',
  import.meta.url,
);

/** Why the fixture cannot be read, or undefined when it can. */
export function extendedFixtureMissing(): string | undefined {
  const path = fileURLToPath(FIXTURE_URL);
  return existsSync(path) ? undefined : `the extended parity fixture ${path} is not there`;
}

let cached: ExtendedFixture | undefined;

export function extendedFixture(): ExtendedFixture {
  cached ??= (JSON.parse(readFileSync(FIXTURE_URL, 'utf8')) as { gradcam_extended: ExtendedFixture })
    .gradcam_extended;
  return cached;
}

/**
 * The fixture's "resnetlet": conv1 → bn1 → relu → residual block (layer 'block') → zero padding 1 →
 * conv3 stride 2 'valid' → relu3 → global average pooling → fc (5 logits) or binary_fc (1 logit).
 * Batch norms use the fixture's epsilon (1e-5, PyTorch's).
 */
export function extendedFixtureModel(head: 'multiclass' | 'binary'): tfl.LayersModel {
  const { weights, bn_epsilon: epsilon } = extendedFixture();
  const conv = (name: string, filters: number, useBias: boolean) =>
    tfl.layers.conv2d({ name, filters, kernelSize: 3, padding: 'same', useBias });
  const bn = (name: string) => tfl.layers.batchNormalization({ name, epsilon });
  const input = tfl.input({ shape: [16, 16, 3], name: 'image' });
  const stem = tfl.layers
    .reLU({ name: 'relu1' })
    .apply(bn('bn1').apply(conv('conv1', 8, true).apply(input))) as tfl.SymbolicTensor;
  const inner = tfl.layers
    .reLU({ name: 'block_relu1' })
    .apply(bn('block_bn1').apply(conv('block_conv1', 8, false).apply(stem))) as tfl.SymbolicTensor;
  const residual = bn('block_bn2').apply(conv('block_conv2', 8, false).apply(inner)) as tfl.SymbolicTensor;
  const block = tfl.layers
    .reLU({ name: 'block' })
    .apply(tfl.layers.add({ name: 'block_add' }).apply([stem, residual])) as tfl.SymbolicTensor;
  const padded = tfl.layers
    .zeroPadding2d({
      name: 'pad3',
      padding: [
        [1, 1],
        [1, 1],
      ],
    })
    .apply(block);
  const conv3 = tfl.layers.conv2d({
    name: 'conv3',
    filters: 12,
    kernelSize: 3,
    strides: 2,
    padding: 'valid',
  });
  const relu3 = tfl.layers.reLU({ name: 'relu3' }).apply(conv3.apply(padded)) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(relu3);
  const fcName = head === 'binary' ? 'binary_fc' : 'fc';
  const output = tfl.layers
    .dense({ name: fcName, units: head === 'binary' ? 1 : 5 })
    .apply(pooled) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output, name: `resnetlet_${head}` });
  const parts: Record<string, string[]> = {
    conv1: ['kernel', 'bias'],
    conv3: ['kernel', 'bias'],
    [fcName]: ['kernel', 'bias'],
    block_conv1: ['kernel'],
    block_conv2: ['kernel'],
  };
  for (const name of ['bn1', 'block_bn1', 'block_bn2'])
    parts[name] = ['gamma', 'beta', 'moving_mean', 'moving_variance'];
  for (const [name, suffixes] of Object.entries(parts)) {
    const tensors = suffixes.map((suffix) => tf.tensor(weights[`${name}_${suffix}`] as number[]));
    model.getLayer(name).setWeights(tensors);
    tf.dispose(tensors);
  }
  return model;
}

export function nestedTensor(values: Nested): tf.Tensor {
  return tf.tensor(values as number[]);
}

/** Our targets for a fixture entry's pytorch-grad-cam targets. */
export function fixtureTargets(targets: FixtureTargets): CamTargets | undefined {
  const categories = targets.categories ?? [];
  switch (targets.type) {
    case 'ClassifierOutputTarget':
      return categories;
    case 'BinaryClassifierOutputTarget':
      return categories.map((c) => binaryClassifierOutputTarget(c as 0 | 1));
    case 'ClassifierOutputSoftmaxTarget':
      return categories.map(classifierOutputSoftmaxTarget);
    case 'ClassifierOutputReST':
      return categories.map(classifierOutputReST);
    case 'RawScoresOutputTarget':
      return rawScoresOutputTarget();
    case null:
      return undefined;
    default:
      throw new Error(`fixture: unknown target type ${targets.type}`);
  }
}
