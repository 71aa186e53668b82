import '@bcos/backend';
import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { createOptimizer, type OptimizerConfig } from './create-optimizer';

async function run(config: OptimizerConfig, w: tf.Variable, optimizer = createOptimizer(config), steps = 3) {
  for (let i = 0; i < steps; i++) {
    const { grads, value } = tf.variableGrads(
      () => tf.sum(tf.square(tf.sub(w, tf.tensor1d([1, -2, 3])))) as tf.Scalar,
      [w],
    );
    optimizer.applyGradients(grads);
    tf.dispose([grads, value]);
  }
  return optimizer;
}

describeBackends('optimizer state', () => {
  for (const config of [
    { name: 'adamw', lr: 0.05, weightDecay: 0.1 },
    { name: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true },
  ] satisfies OptimizerConfig[]) {
    it(`${config.name}: getWeights → setWeights in a fresh optimiser continues identically`, async () => {
      const straight = tf.variable(tf.tensor1d([0.5, 0.5, 0.5]));
      (await run(config, straight, undefined, 6)).dispose();

      const resumed = tf.variable(tf.tensor1d([0.5, 0.5, 0.5]));
      const first = await run(config, resumed);
      const saved = (await first.getWeights()).map(({ name, tensor }) => ({
        name,
        tensor: tf.clone(tensor),
      }));
      first.dispose();
      const second = createOptimizer(config);
      await second.setWeights(saved);
      expect(second.iterations).toBe(3);
      await run(config, resumed, second);
      await expectAllClose(resumed, straight, { atol: 0, rtol: 0 });
      second.dispose();
      tf.dispose([straight, resumed, ...saved.map((s) => s.tensor)]);
    });
  }

  it('leaks nothing per step', async () => {
    const w = tf.variable(tf.tensor1d([0, 0, 0]));
    const optimizer = await run({ name: 'adam', lr: 0.1 }, w, undefined, 1);
    await expectNoLeaks(() => run({ name: 'adam', lr: 0.1 }, w, optimizer, 3));
    optimizer.dispose();
    w.dispose();
  });

  it('rejects options that belong to another optimiser, naming them', () => {
    expect(() => createOptimizer({ name: 'adam', lr: 0.1, weightDecay: 0.1 })).toThrow(/use name 'adamw'/);
    expect(() => createOptimizer({ name: 'adam', lr: 0.1, momentum: 0.9 })).toThrow(
      /'momentum' does not apply/,
    );
    expect(() => createOptimizer({ name: 'sgd', lr: 0.1, nesterov: true })).toThrow(
      /nesterov needs a momentum/,
    );
    expect(() => createOptimizer({ name: 'rmsprop' as 'sgd', lr: 0.1 })).toThrow(/unknown name 'rmsprop'/);
  });
});
