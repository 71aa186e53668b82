/** The pytorch-grad-cam parity fixture (field `gradcam`), read from the repository root. */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Nested = number | Nested[];

export const FIXTURE_METHODS = {
  GradCAM: 'gradcam',
  GradCAMPlusPlus: 'gradcam++',
  HiResCAM: 'hirescam',
  XGradCAM: 'xgradcam',
  LayerCAM: 'layercam',
  EigenCAM: 'eigencam',
  EigenGradCAM: 'eigengradcam',
  GradCAMElementWise: 'gradcam-elementwise',
  ScoreCAM: 'scorecam',
} as const;

export interface GradcamFixture {
  weights: Record<'c1_kernel' | 'c1_bias' | 'c2_kernel' | 'c2_bias' | 'fc_kernel' | 'fc_bias', Nested>;
  x: Nested;
  logits: number[][];
  targets: number[];
  cams: Record<keyof typeof FIXTURE_METHODS, Nested>;
}

let cached: GradcamFixture | undefined;

export function gradcamFixture(): GradcamFixture {
  const path = new URL('../../../fixtures/parity/bcos-gradcam-reference.json', import.meta.url);
  cached ??= (JSON.parse(readFileSync(path, 'utf8')) as { gradcam: GradcamFixture }).gradcam;
  return cached;
}

export function fixtureTensor(values: Nested): tf.Tensor {
  return tf.tensor(values as number[]);
}

/**
 * The fixture's CNN: conv3×3 3→8 + ReLU, conv3×3 8→6 + ReLU (layer 'c2', the CAM layer), global
 * average pooling, dense 6→4, with the fixture's weights.
 */
export function fixtureModel(): tfl.LayersModel {
  const { weights } = gradcamFixture();
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        name: 'c1',
        inputShape: [12, 12, 3],
        filters: 8,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
      }),
      tfl.layers.conv2d({ name: 'c2', filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tfl.layers.globalAveragePooling2d({ name: 'pool' }),
      tfl.layers.dense({ name: 'fc', units: 4 }),
    ],
  });
  const order = ['c1_kernel', 'c1_bias', 'c2_kernel', 'c2_bias', 'fc_kernel', 'fc_bias'] as const;
  const tensors = order.map((name) => fixtureTensor(weights[name]));
  model.setWeights(tensors);
  tf.dispose(tensors);
  return model;
}
