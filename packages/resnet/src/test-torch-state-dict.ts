import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { float32Tensor, type RawTensor } from './test-safetensors';

/** Known, distinct values for every weight; variances stay positive. */
export function setKnownWeights(model: LayersModel): void {
  model.weights.forEach((weight, k) => {
    const size = weight.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    const variance = weight.originalName.endsWith('moving_variance');
    const values = Float32Array.from({ length: size }, (_, j) => {
      const value = Math.sin(1 + 0.37 * j + 1.7 * k) * 0.2;
      return variance ? 0.5 + Math.abs(value) : value;
    });
    tf.tidy(() => {
      weight.write(tf.tensor(values, weight.shape as number[]));
    });
  });
}

/** PyTorch's element [o, i, y, x] of a conv weight is tfjs' [y, x, i, o]; a linear [o, i] is tfjs' [i, o]. */
function torchLayout(values: Float32Array, shape: number[]): { shape: number[]; values: Float32Array } {
  const out = new Float32Array(values.length);
  if (shape.length === 4) {
    const [kh, kw, inputs, outputs] = shape as [number, number, number, number];
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let i = 0; i < inputs; i++)
          for (let o = 0; o < outputs; o++) {
            out[((o * inputs + i) * kh + y) * kw + x] = values[((y * kw + x) * inputs + i) * outputs + o]!;
          }
    return { shape: [outputs, inputs, kh, kw], values: out };
  }
  if (shape.length === 2) {
    const [inputs, outputs] = shape as [number, number];
    for (let i = 0; i < inputs; i++)
      for (let o = 0; o < outputs; o++) out[o * inputs + i] = values[i * outputs + o]!;
    return { shape: [outputs, inputs], values: out };
  }
  return { shape, values };
}

const TORCHVISION_NAMES: Record<string, string> = {
  kernel: 'weight',
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  moving_mean: 'running_mean',
  moving_variance: 'running_var',
};

/** A torchvision-layout state_dict of our own model, for round-trip tests (torchvision-parity.test.ts checks real ones). */
export async function torchvisionStateDict(model: LayersModel): Promise<Record<string, RawTensor>> {
  const stateDict: Record<string, RawTensor> = {};
  for (const weight of model.weights) {
    const [layer, name] = weight.originalName.split('/') as [string, string];
    const torch = torchLayout((await weight.read().data()) as Float32Array, weight.shape as number[]);
    stateDict[`${layer}.${TORCHVISION_NAMES[name]}`] = float32Tensor(torch.shape, torch.values);
    if (name === 'moving_variance') {
      stateDict[`${layer}.num_batches_tracked`] = { dtype: 'I64', shape: [], bytes: new Uint8Array(8) };
    }
  }
  return stateDict;
}
