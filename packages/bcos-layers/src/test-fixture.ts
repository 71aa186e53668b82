/** The parity fixture of the official B-cos v2 modules, read from the repository root. */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';

type Nested = number | Nested[];

export interface ConvCase {
  in_channels: number;
  filters: number;
  kernel_size: number;
  strides: number;
  padding: 'same' | 'valid';
  b: number;
  max_out: number;
  kernel: Nested;
  x: Nested;
  y: Nested;
  upstream: Nested;
  grad_x: Nested;
  grad_kernel: Nested;
  grad_x_explanation_mode: Nested;
}

export interface DenseCase {
  in_features: number;
  units: number;
  b: number;
  max_out: number;
  kernel: Nested;
  x: Nested;
  y: Nested;
  upstream: Nested;
  grad_x: Nested;
  grad_x_explanation_mode: Nested;
}

export interface TinyNet {
  classes: number;
  logit_temperature: number;
  logit_bias: number;
  architecture: string;
  layers: {
    c1: Nested;
    n1_gamma: Nested;
    n1_running_var: Nested;
    n1_eps: number;
    c2: Nested;
    c2_max_out: number;
    n2_gamma: Nested;
    n2_eps: number;
    head: Nested;
  };
  image: Nested;
  x6: Nested;
  logits: Nested;
  explained_class: number;
  dynamic_linear_weights: Nested;
  contribution_map: Nested;
  explanation_rgba_smooth3: Nested;
}

export interface GradientToImage {
  image6: Nested;
  linear_mapping: Nested;
  rgba_smooth15: Nested;
  rgba_smooth0: Nested;
}

export interface ParityFixture {
  bcos_conv2d: ConvCase[];
  bcos_dense: DenseCase[];
  tiny_bcos_net: TinyNet;
  gradient_to_image: GradientToImage;
}

let cached: ParityFixture | undefined;

export function parityFixture(): ParityFixture {
  cached ??= JSON.parse(
    readFileSync(new URL('../../../fixtures/parity/bcos-gradcam-reference.json', import.meta.url), 'utf8'),
  ) as ParityFixture;
  return cached;
}

/** A fixture array as a float32 tensor of its own shape. */
export function fixtureTensor(values: Nested): tf.Tensor {
  return tf.tensor(values as number[]);
}

/** The shape of a nested fixture array. */
export function fixtureShape(values: Nested): number[] {
  const shape: number[] = [];
  for (let level = values; Array.isArray(level); level = level[0]!) shape.push(level.length);
  return shape;
}
