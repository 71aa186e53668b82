import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import '../gradients';
import { describeBackends, expectAllClose, expectBitwiseEqual, seededValues } from '../testing';
import { fusedAdamStep } from './fused-adam';

const constants = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Adam's update composed of tfjs ops, as @bcos/train's Adam composes it where nothing is fused. */
function composedAdam(
  param: tf.Tensor,
  gradient: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  [stepSize, root]: number[],
) {
  const { beta1, beta2, epsilon } = constants;
  const m2 = tf.add(tf.mul(m, beta1), tf.mul(gradient, 1 - beta1));
  const v2 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(gradient), 1 - beta2));
  const denominator = tf.add(tf.div(tf.sqrt(v2), root!), epsilon);
  return { m: m2, v: v2, param: tf.sub(param, tf.mul(tf.div(m2, denominator), stepSize!)) };
}

/** The same update in float64 from the float32 inputs. */
function referenceAdam(
  param: Float32Array,
  gradient: Float32Array,
  m: Float32Array,
  v: Float32Array,
  [stepSize, root]: number[],
) {
  const { beta1, beta2, epsilon } = constants;
  const m2 = Float64Array.from(m, (x, i) => x * beta1 + gradient[i]! * (1 - beta1));
  const v2 = Float64Array.from(v, (x, i) => x * beta2 + gradient[i]! ** 2 * (1 - beta2));
  const p2 = Float64Array.from(
    param,
    (p, i) => p - (m2[i]! / (Math.sqrt(v2[i]!) / root! + epsilon)) * stepSize!,
  );
  return { m: m2, v: v2, param: p2 };
}

// 40,000 elements: the wasm kernel splits them over its threads.
const shapes = [[3, 3, 4, 5], [100, 400], [7]].map((shape) => ({ shape }));

describeBackends('fusedAdamStep', (backend) => {
  it.each(shapes)(
    'matches a float64 reference for shape $shape, and on wasm is bitwise the composed ops',
    async ({ shape }) => {
      const size = shape.reduce((a, b) => a * b, 1);
      const [param, gradient, m] = [1, 2, 3].map((seed) => tf.tensor(seededValues(size, seed), shape));
      const v = tf.tensor(
        seededValues(size, 4).map((x) => x * x * 1e-2),
        shape,
      );
      const host = [1e-3 / (1 - 0.9 ** 3), Math.sqrt(1 - 0.999 ** 3)];
      const scalars = tf.tensor1d([...host, 1]);
      const fused = fusedAdamStep({ param: param!, gradient: gradient!, m: m!, v, scalars }, constants);
      expect(fused === undefined).toBe(backend.name === 'cpu');
      const update = fused ?? composedAdam(param!, gradient!, m!, v, host);
      const inputs = await Promise.all(
        [param!, gradient!, m!, v].map((t) => t.data() as Promise<Float32Array>),
      );
      const expected = referenceAdam(
        ...(inputs as [Float32Array, Float32Array, Float32Array, Float32Array]),
        host,
      );
      for (const key of ['m', 'v', 'param'] as const)
        await expectAllClose(update[key], expected[key], { rtol: 1e-5, atol: 1e-6, label: key });
      if (backend.name === 'wasm') {
        const composed = composedAdam(param!, gradient!, m!, v, host);
        for (const key of ['m', 'v', 'param'] as const)
          await expectBitwiseEqual(update[key], composed[key], key);
        tf.dispose(Object.values(composed));
      }
      tf.dispose([...Object.values(update), param!, gradient!, m!, v, scalars]);
    },
  );
});
