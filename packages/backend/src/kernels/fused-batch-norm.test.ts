import * as tf from '@tensorflow/tfjs-core';
import { it } from 'vitest';
import '../gradients';
import {
  describeBackends,
  expectAllClose,
  expectBitwiseEqual,
  expectNoLeaks,
  seededValues,
} from '../testing';
import { stockKernel } from './stock-kernels';

interface Case {
  shape: number[];
  /** Sizes of mean, variance, scale, offset (0: left out; scale and offset only). */
  sizes: [number, number, number, number];
  /** Parameters shaped as x (one per element) instead of 1-D. */
  perElement?: boolean;
}

const CASES: Case[] = [
  // 40,000 rows of 4 channels: the wasm kernel splits them over its threads.
  { shape: [10, 40, 100, 4], sizes: [4, 4, 4, 4] },
  { shape: [2, 3, 5], sizes: [5, 1, 0, 5] },
  { shape: [3, 7], sizes: [1, 7, 7, 0] },
  // Per-element parameters: the stock kernel's case.
  { shape: [2, 3], sizes: [6, 6, 6, 6], perElement: true },
];

/** offset + (x − mean)·scale/√(variance + ε) in float64, each parameter repeated along the flat index. */
function reference(x: Float32Array, params: Array<Float32Array | undefined>, epsilon: number): Float64Array {
  const [mean, variance, scale, offset] = params;
  const at = (p: Float32Array | undefined, i: number, absent: number) => (p ? p[i % p.length]! : absent);
  return Float64Array.from(
    x,
    (v, i) =>
      at(offset, i, 0) + ((v - at(mean, i, 0)) * at(scale, i, 1)) / Math.sqrt(at(variance, i, 0) + epsilon),
  );
}

describeBackends('batchNorm (FusedBatchNorm)', (backend) => {
  it.each(CASES)(
    '$shape with parameter sizes $sizes matches a float64 reference',
    async ({ shape, sizes, perElement }) => {
      const epsilon = 1e-3;
      const x = seededValues(
        shape.reduce((a, b) => a * b, 1),
        11,
      ).map((v) => v * 3);
      const params = sizes.map((size, k) => {
        if (size === 0) return undefined;
        const values = seededValues(size, 20 + k);
        return k === 1 ? values.map((v) => v * v) : values;
      });
      await expectNoLeaks(async () => {
        const tensors = params.map((p) => (p ? tf.tensor(p, perElement ? shape : [p.length]) : undefined));
        const input = tf.tensor(x, shape);
        const [mean, variance, scale, offset] = tensors;
        const out = tf.batchNorm(input, mean!, variance!, offset, scale, epsilon);
        await expectAllClose(out, reference(x, params, epsilon), { atol: 1e-5, rtol: 1e-5 });
        if (backend.name === 'wasm') {
          const stock = stockKernel(tf.FusedBatchNorm, 'wasm')!.kernelFunc({
            inputs: { x: input, mean: mean!, variance: variance!, scale: scale!, offset: offset! },
            backend: tf.backend(),
            attrs: { varianceEpsilon: epsilon },
          }) as tf.TensorInfo;
          const expected = tf.engine().makeTensorFromTensorInfo(stock);
          await expectBitwiseEqual(out, expected, 'the stock kernel');
          expected.dispose();
        }
        tf.dispose([out, input, ...tensors.filter((t) => t !== undefined)]);
      });
    },
  );
});
