import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import '../gradients';
import { describeBackends, expectAllClose } from '../testing';
import { fusedAdamStep } from './fused-adam';

const constants = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Adam's update composed of tfjs ops, as @bcos/train's Adam composes it on other backends. */
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

describeBackends('fusedAdamStep', (backend) => {
  it('matches the composed update on webgpu and leaves other backends to compose it', async () => {
    const shape = [3, 3, 4, 5];
    const [param, gradient, m] = [1, 2, 3].map((seed) => tf.randomNormal(shape, 0, 1, 'float32', seed));
    const v = tf.abs(tf.randomNormal(shape, 0, 0.1, 'float32', 4));
    const host = [1e-3 / (1 - 0.9 ** 3), Math.sqrt(1 - 0.999 ** 3)];
    const scalars = tf.tensor1d([...host, 1]);
    const fused = fusedAdamStep({ param: param!, gradient: gradient!, m: m!, v, scalars }, constants);
    if (backend.name !== 'webgpu') expect(fused).toBeUndefined();
    else {
      const expected = composedAdam(param!, gradient!, m!, v, host);
      for (const key of ['m', 'v', 'param'] as const)
        await expectAllClose(fused![key], expected[key], { rtol: 1e-6, atol: 1e-7, label: key });
      tf.dispose([...Object.values(fused!), ...Object.values(expected)]);
    }
    tf.dispose([param!, gradient!, m!, v, scalars]);
  });
});
