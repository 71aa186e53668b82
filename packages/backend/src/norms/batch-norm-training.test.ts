/**
 * batchNormTraining (forward, statistics, dx, dγ, dβ) on every backend against float64: the forward
 * written out as loops, the gradients as central differences of it (the variance held at its
 * unperturbed value in explanation mode); a tensor large enough to be split over the wasm threads
 * against tfjs' composed ops, and on wasm bitwise against the cpu kernel (the same passes on one thread).
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import { expect, it } from 'vitest';
import {
  describeBackends,
  expectAllClose,
  expectBitwiseEqual,
  expectNoLeaks,
  seededValues,
} from '../testing';
import { batchNormTraining } from './batch-norm-training';

interface Case {
  shape: [number, number, number, number];
  centered: boolean;
  bias: boolean;
  detachVariance: boolean;
}

const CASES: Case[] = [
  { shape: [2, 3, 2, 4], centered: false, bias: false, detachVariance: false },
  { shape: [3, 2, 2, 3], centered: true, bias: true, detachVariance: false },
  { shape: [2, 1, 5, 2], centered: false, bias: true, detachVariance: true },
  { shape: [1, 2, 3, 5], centered: true, bias: false, detachVariance: true },
];
const EPSILON = 1e-5;

interface Inputs {
  x: Float64Array;
  gamma: Float64Array;
  beta: Float64Array;
}

/** y, mean and biased variance in float64; `fixedVariance` replaces the variance (explanation mode). */
function reference({ shape, centered }: Case, { x, gamma, beta }: Inputs, fixedVariance?: number[]) {
  const channels = shape[3];
  const rows = x.length / channels;
  const mean = Array.from({ length: channels }, (_, c) => {
    let s = 0;
    for (let r = 0; r < rows; r++) s += x[r * channels + c]!;
    return s / rows;
  });
  const variance = mean.map((m, c) => {
    let s = 0;
    for (let r = 0; r < rows; r++) s += (x[r * channels + c]! - m) ** 2;
    return fixedVariance?.[c] ?? s / rows;
  });
  const y = x.map((v, i) => {
    const c = i % channels;
    return ((v - (centered ? mean[c]! : 0)) / Math.sqrt(variance[c]! + EPSILON)) * gamma[c]! + beta[c]!;
  });
  return { y, mean, variance };
}

/** d(Σ y·upstream)/d(each value of `name`) by central differences. */
function numericGradient(testCase: Case, inputs: Inputs, upstream: Float64Array, name: keyof Inputs) {
  const fixed = testCase.detachVariance ? reference(testCase, inputs).variance : undefined;
  const loss = () => reference(testCase, inputs, fixed).y.reduce((a, v, i) => a + v * upstream[i]!, 0);
  const values = inputs[name];
  return values.map((kept, i) => {
    const step = 1e-6;
    values[i] = kept + step;
    const up = loss();
    values[i] = kept - step;
    const down = loss();
    values[i] = kept;
    return (up - down) / (2 * step);
  });
}

function inputsOf({ shape }: Case, seed: number): Inputs {
  const size = shape.reduce((a, b) => a * b, 1);
  const c = shape[3];
  // A mean far from 0 next to the spread: the statistics must not cancel it away.
  const shifted = Float32Array.from(seededValues(size, seed), (v, i) => 2 * v + 3 + 0.3 * (i % 3));
  return {
    x: Float64Array.from(shifted),
    gamma: Float64Array.from(seededValues(c, seed + 1), (v) => Math.fround(v + 1.2)),
    beta: Float64Array.from(seededValues(c, seed + 2), (v) => Math.fround(v)),
  };
}

/** y, mean, variance and the gradients of Σ y·dy for x, γ (and β), by tfjs' own ops (moments, autodiff). */
function composed(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, dy: tf.Tensor, centered: boolean) {
  const norm = (xv: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { mean, variance } = tf.moments(xv, [0, 1, 2]);
    const centred = centered ? tf.sub(xv, mean) : xv;
    return tf.add(tf.mul(tf.div(centred, tf.sqrt(tf.add(variance, EPSILON))), g), b);
  };
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return [norm(x, gamma, beta), mean, variance, ...tf.grads(norm)([x, gamma, beta], dy)];
}

function fused(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor | undefined, dy: tf.Tensor, testCase: Case) {
  const options = { centered: testCase.centered, epsilon: EPSILON, detachVariance: testCase.detachVariance };
  const { y, mean, variance } = batchNormTraining(x, { ...options, gamma, beta });
  const loss = (xv: tf.Tensor, g: tf.Tensor, b?: tf.Tensor) =>
    tf.sum(tf.mul(batchNormTraining(xv, { ...options, gamma: g, beta: b }).y, dy));
  const grads = beta ? tf.grads(loss)([x, gamma, beta]) : tf.grads(loss)([x, gamma]);
  return [y, mean, variance, ...grads];
}

describeBackends('batchNormTraining against float64', (backend) => {
  CASES.forEach((testCase, k) => {
    const { shape, centered, bias, detachVariance } = testCase;
    it(`[${shape}] centered ${centered}, bias ${bias}, detached variance ${detachVariance}`, async () => {
      const inputs = inputsOf(testCase, 11 * k + 1);
      if (!bias) inputs.beta.fill(0);
      const upstream = Float64Array.from(seededValues(inputs.x.length, 7 * k + 3));
      const [x, gamma, beta] = [inputs.x, inputs.gamma, inputs.beta].map((v) =>
        tf.tensor(Float32Array.from(v)),
      );
      const input = tf.reshape(x!, shape);
      const dy = tf.tensor(Float32Array.from(upstream), shape);
      const values = await expectNoLeaks(async () => {
        const outputs = fused(input, gamma!, bias ? beta : undefined, dy, testCase);
        const data = await Promise.all(outputs.map((t) => t.data()));
        tf.dispose(outputs);
        return data;
      });
      const expected = reference(testCase, inputs);
      await expectAllClose(values[0]!, expected.y, { label: 'y' });
      await expectAllClose(values[1]!, expected.mean, { label: 'mean' });
      await expectAllClose(values[2]!, expected.variance, { label: 'variance' });
      const tolerance = { atol: 2e-4, rtol: 2e-4 };
      for (const [i, name] of (['x', 'gamma', 'beta'] as const).entries()) {
        if (name === 'beta' && !bias) continue;
        await expectAllClose(values[3 + i]!, numericGradient(testCase, inputs, upstream, name), {
          ...tolerance,
          label: `d${name}`,
        });
      }
      tf.dispose([x!, gamma!, beta!, input, dy]);
    });
  });

  it('matches the composed tfjs ops on a tensor split over the threads, and on wasm is bitwise the cpu kernel', async () => {
    // 16,384 rows of 4 channels: 64 blocks of 256 rows, enough for two threads.
    const shape = [4, 64, 64, 4];
    const size = shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor(
      seededValues(size, 5).map((v, i) => 3 * v + (i % 4)),
      shape,
    );
    const [gamma, beta] = [6, 7].map((seed) => tf.tensor(seededValues(4, seed).map((v) => v + 1.5)));
    const dy = tf.tensor(seededValues(size, 8), shape);
    const testCase: Case = { shape: [4, 64, 64, 4], centered: true, bias: true, detachVariance: false };
    const outputs = fused(x, gamma!, beta!, dy, testCase);
    const expected = composed(x, gamma!, beta!, dy, true);
    const labels = ['y', 'mean', 'variance', 'dx', 'dγ', 'dβ'];
    for (const [i, t] of outputs.entries())
      await expectAllClose(t, await expected[i]!.data(), { atol: 1e-3, rtol: 1e-4, label: labels[i] });
    if (backend.name === 'wasm') {
      const values = await Promise.all([x, gamma!, beta!, dy].map((t) => t.data()));
      await tf.setBackend('cpu');
      const [cx, cGamma, cBeta, cDy] = values.map((v, i) => tf.tensor(v, i === 0 || i === 3 ? shape : [4]));
      const onCpu = await Promise.all(fused(cx!, cGamma!, cBeta!, cDy!, testCase).map((t) => t.data()));
      await tf.setBackend('wasm');
      for (const [i, t] of outputs.entries()) {
        const cpuResult = tf.tensor(onCpu[i]!, t.shape);
        await expectBitwiseEqual(t, cpuResult, `the cpu kernel's ${labels[i]}`);
        cpuResult.dispose();
      }
    }
    expect(outputs[0]!.shape).toEqual(shape);
    tf.dispose([x, gamma!, beta!, dy, ...outputs, ...expected]);
  });
});
