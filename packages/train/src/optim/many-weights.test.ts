import '@bcos/backend';
import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { it } from 'vitest';
import { clipByGlobalNorm } from './clip-global-norm';
import { l2Penalty } from './l2-penalty';

// More tensors than one webgpu kernel can bind (ResNet-18 has 62 trainable weights).
const COUNT = 20;
const tensors = () => Array.from({ length: COUNT }, (_, i) => tf.fill([i + 1], 0.5));
const squares = Array.from({ length: COUNT }, (_, i) => (i + 1) * 0.25).reduce((a, b) => a + b);

describeBackends('sums over many tensors', () => {
  it('l2Penalty adds all 20 weights', async () => {
    const weights = tensors();
    await expectAllClose(l2Penalty(weights, 0.1), 0.1 * squares, { label: 'penalty' });
    tf.dispose(weights);
  });

  it('clipByGlobalNorm takes the norm over all 20 gradients', async () => {
    const gradients = Object.fromEntries(tensors().map((t, i) => [`g${i}`, t]));
    const clipped = clipByGlobalNorm(gradients, 1);
    await expectAllClose(clipped.g0!, [0.5 / (Math.sqrt(squares) + 1e-6)], { label: 'g0' });
    tf.dispose([...Object.values(gradients), ...Object.values(clipped)]);
  });
});
