import '@bcos/backend';
import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { clipGradients, validateClip } from './gradient-clipping';
import { l2Penalty } from './l2-penalty';

describeBackends('gradient clipping', () => {
  it('global norm: scales every gradient by maxNorm / (‖g‖ + 1e-6) when above, leaves them below', async () => {
    const grads = { a: tf.tensor1d([3, 0]), b: tf.tensor1d([0, 4]) }; // global norm 5
    const clipped = clipGradients(grads, { kind: 'norm', maxNorm: 1 });
    const scale = 1 / (5 + 1e-6);
    await expectAllClose(clipped.a!, [3 * scale, 0], { atol: 1e-6 });
    await expectAllClose(clipped.b!, [0, 4 * scale], { atol: 1e-6 });
    const untouched = clipGradients(grads, { kind: 'norm', maxNorm: 10 });
    await expectAllClose(untouched.a!, [3, 0]);
    tf.dispose([grads, clipped, untouched]);
  });

  it('global norm and L2 penalty over more tensors than a webgpu shader can bind (a ResNet-18 has 62)', async () => {
    const many = Array.from({ length: 40 }, (_, i) => tf.fill([3], i % 2 ? 2 : 1)); // Σ g² = 3·(20·1 + 20·4)
    const clipped = clipGradients(Object.fromEntries(many.map((g, i) => [`g${i}`, g])), {
      kind: 'norm',
      maxNorm: 1,
    });
    await expectAllClose(
      clipped.g1!,
      [2, 2, 2].map((v) => v / (Math.sqrt(300) + 1e-6)),
      { rtol: 1e-5 },
    );
    const penalty = l2Penalty(many, 0.5);
    await expectAllClose(penalty, 150, { rtol: 1e-6 });
    tf.dispose([...many, clipped, penalty]);
  });

  it('AGC: clips each output unit (last axis) to clipFactor · max(‖w_unit‖, eps)', async () => {
    // Dense kernel [in = 2, out = 2]: unit 0 has weights (3, 4) → ‖w‖ = 5; unit 1 has (0, 0) → eps.
    const weight = tf.variable(
      tf.tensor2d([
        [3, 0],
        [4, 0],
      ]),
      true,
      'agc_test/kernel',
    );
    const grads = {
      'agc_test/kernel': tf.tensor2d([
        [6, 0.3],
        [8, 0.4],
      ]),
    }; // unit norms 10 and 0.5
    const clipped = clipGradients(grads, { kind: 'agc', clipFactor: 0.1, eps: 1e-3 });
    // Unit 0: max 0.5, norm 10 → ×0.05. Unit 1: max 1e-4, norm 0.5 → ×2e-4.
    await expectAllClose(
      clipped['agc_test/kernel']!,
      [
        [0.3, 0.3 * 2e-4],
        [0.4, 0.4 * 2e-4],
      ],
      { atol: 1e-7 },
    );
    const excluded = clipGradients(grads, { kind: 'agc', clipFactor: 0.1, exclude: ['agc_test'] });
    await expectAllClose(excluded['agc_test/kernel']!, [
      [6, 0.3],
      [8, 0.4],
    ]);
    tf.dispose([weight, grads, clipped, excluded]);
  });

  it('validates its options', () => {
    expect(() => validateClip({ kind: 'norm', maxNorm: 0 })).toThrow(/maxNorm must be > 0/);
    expect(() => validateClip({ kind: 'value' } as never)).toThrow(/kind must be 'norm' or 'agc'/);
  });
});
