import '@bcos/backend';
import { describeBackends, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { FiniteGuard, largestMagnitude } from './finite-guard';

describeBackends('FiniteGuard', () => {
  it('stays finite over finite steps and remembers the first NaN or ±Infinity, per kind', async () => {
    const finite = tf.tensor2d([
      [1e30, -1e30],
      [3, 0],
    ]);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const weight = tf.variable(tf.ones([3]));
      const guard = new FiniteGuard([finite, weight]);
      await expectNoLeaks(() => guard.watch([finite]));
      expect(await guard.read()).toEqual({ gradients: true, weights: true });
      weight.assign(tf.tensor1d([1, bad, 2])); // a weight goes bad in place, as an update does
      guard.watch([finite]);
      weight.assign(tf.ones([3]));
      guard.watch([finite]);
      expect(await guard.read(), String(bad)).toEqual({ gradients: true, weights: false });
      const poisoned = tf.tensor1d([bad]);
      guard.watch([finite, poisoned]);
      expect(await guard.read(), String(bad)).toEqual({ gradients: false, weights: false });
      tf.dispose([poisoned, weight]);
      guard.dispose();
    }
    // More tensors than a webgpu shader can bind at once (a ResNet-18 has 62 weights).
    const many = Array.from({ length: 40 }, (_, i) => (i === 30 ? tf.tensor1d([Number.NaN]) : tf.ones([2])));
    const wide = new FiniteGuard(many.slice(0, 30));
    wide.watch(many.slice(0, 30));
    expect(await wide.read()).toEqual({ gradients: true, weights: true });
    wide.watch(many);
    expect(await wide.read()).toEqual({ gradients: false, weights: true });
    wide.dispose();
    tf.dispose(many);
    const negative = tf.scalar(-7);
    expect(await largestMagnitude([finite, negative])).toBe(Math.fround(1e30));
    tf.dispose([negative, finite]);
  });
});
