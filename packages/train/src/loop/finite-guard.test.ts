import '@bcos/backend';
import { describeBackends, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { FiniteGuard, largestMagnitude } from './finite-guard';

describeBackends('FiniteGuard', () => {
  it('stays finite over finite steps and remembers the first NaN or ±Infinity, per kind', async () => {
    const guard = new FiniteGuard();
    const finite = tf.tensor2d([
      [1e30, -1e30],
      [3, 0],
    ]);
    await expectNoLeaks(() => guard.watch([finite], [finite]));
    expect(await guard.read()).toEqual({ gradients: true, weights: true });
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const fresh = new FiniteGuard();
      const poisoned = tf.tensor1d([1, bad, 2]);
      fresh.watch([finite], [finite, poisoned]);
      fresh.watch([finite], [finite]);
      expect(await fresh.read(), String(bad)).toEqual({ gradients: true, weights: false });
      fresh.watch([poisoned], [finite]);
      expect(await fresh.read(), String(bad)).toEqual({ gradients: false, weights: false });
      tf.dispose(poisoned);
      fresh.dispose();
    }
    const many = Array.from({ length: 40 }, (_, i) => (i === 30 ? tf.tensor1d([Number.NaN]) : tf.ones([2])));
    const wide = new FiniteGuard();
    wide.watch(many.slice(0, 30), many.slice(0, 30)); // more tensors than a webgpu shader can bind
    expect(await wide.read()).toEqual({ gradients: true, weights: true });
    wide.watch(many.slice(0, 30), many);
    expect(await wide.read()).toEqual({ gradients: true, weights: false });
    wide.dispose();
    tf.dispose(many);
    const negative = tf.scalar(-7);
    expect(await largestMagnitude([finite, negative])).toBe(Math.fround(1e30));
    guard.dispose();
    tf.dispose([negative, finite]);
  });
});
