import { describeBackends, expectAllClose, expectNoLeaks, seededValues } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { layers } from '@tensorflow/tfjs-layers';
import { expect, it, vi } from 'vitest';
import { batchNormalization } from './batch-normalization';

const SHAPE = [3, 4, 5, 6];
const ARGS = { axis: -1, epsilon: 1e-5, momentum: 0.9 };

/** A built layer with non-trivial γ, β and moving statistics. */
function built(layer: layers.Layer): layers.Layer {
  layer.build(SHAPE);
  const values = [1, 2, 3, 4].map((seed) => seededValues(6, seed));
  layer.setWeights(values.map((v, k) => tf.tensor(k === 0 || k === 3 ? v.map((a) => a + 1.5) : v)));
  return layer;
}

describeBackends("plain ResNets' batch normalization", (backend) => {
  it('trains as tfjs-layers BatchNormalization does (output, gradients, moving statistics) through batchNormTraining, and is saved as it', async () => {
    const x = tf.tensor(
      seededValues(360, 5).map((v, i) => 2 * v + (i % 6)),
      SHAPE,
    );
    const dy = tf.tensor(seededValues(360, 6), SHAPE);
    const ours = built(batchNormalization({ ...ARGS, name: 'ours' }));
    const stock = built(layers.batchNormalization({ ...ARGS, name: 'stock' }));
    expect(ours.getClassName()).toBe('BatchNormalization');
    expect({ ...ours.getConfig(), name: 'stock' }).toEqual(stock.getConfig());
    /** Loss, dx, dγ, dβ, then the moving statistics after the two training passes. */
    const run = async (layer: layers.Layer) => {
      const loss = () => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, dy)) as tf.Scalar;
      const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(loss, variables);
      const dx = tf.grad((v: tf.Tensor) =>
        tf.sum(tf.mul(layer.apply(v, { training: true }) as tf.Tensor, dy)),
      )(x);
      const outputs = [value, dx, ...variables.map((v) => grads[v.name]!)];
      const values = await Promise.all([...outputs, ...layer.getWeights().slice(2)].map((t) => t.data()));
      tf.dispose(outputs);
      return values;
    };
    const expected = await run(stock);
    const actual = await expectNoLeaks(() => run(ours));
    const labels = ['loss', 'dx', 'dγ', 'dβ', 'moving mean', 'moving variance'];
    for (const [i, values] of actual.entries())
      await expectAllClose(values, expected[i]!, { atol: 1e-4, rtol: 1e-4, label: labels[i] });
    const [inferred, stockInferred] = [ours, stock].map((layer) => layer.apply(x) as tf.Tensor);
    await expectAllClose(inferred!, await stockInferred!.data(), { label: 'inference' });
    const kernel = tf.getKernel('BcosBatchNorm', backend.name);
    const calls = kernel ? vi.spyOn(kernel, 'kernelFunc') : undefined;
    tf.dispose(ours.apply(x, { training: true }) as tf.Tensor);
    expect(calls?.mock.calls.length ?? 0).toBe(backend.name === 'webgpu' ? 0 : 1);
    calls?.mockRestore();
    tf.dispose([x, dy, inferred!, stockInferred!]);
    for (const w of [...ours.weights, ...stock.weights]) w.dispose();
  });
});
