/**
 * The fused group norm (forward, dx, dγ, dβ) on every backend against float64: the forward written
 * out as loops, the gradients as central differences of that forward (the variance held at its
 * unperturbed value in explanation mode).
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import { expect, it } from 'vitest';
import { captureStep } from '../capture/step-capture';
import { describeBackends, expectAllClose, expectNoLeaks, seededValues } from '../testing';
import { groupNorm } from './group-norm';

interface Case {
  shape: [number, number, number, number];
  groups: number;
  centered: boolean;
  bias: boolean;
  detachVariance: boolean;
}

const CASES: Case[] = [
  { shape: [2, 3, 2, 4], groups: 1, centered: false, bias: false, detachVariance: false },
  { shape: [2, 3, 2, 4], groups: 2, centered: true, bias: true, detachVariance: false },
  { shape: [3, 1, 5, 6], groups: 3, centered: false, bias: true, detachVariance: true },
  { shape: [1, 2, 2, 6], groups: 6, centered: true, bias: false, detachVariance: true },
  // Groups of 768 elements: every thread of a 256-thread workgroup loops three times.
  { shape: [2, 8, 8, 12], groups: 1, centered: true, bias: false, detachVariance: false },
];
const EPSILON = 1e-5;

interface Inputs {
  x: Float64Array;
  gamma: Float64Array;
  beta: Float64Array;
}

/** y in float64; `fixedVariance` per group replaces the variance of x (explanation mode). */
function reference({ shape, groups, centered }: Case, { x, gamma, beta }: Inputs, fixedVariance?: number[]) {
  const [n, h, w, c] = shape;
  const depth = c / groups;
  const y = new Float64Array(x.length);
  const variances: number[] = [];
  for (let s = 0; s < n; s++) {
    for (let g = 0; g < groups; g++) {
      const members: number[] = [];
      for (let p = 0; p < h * w; p++)
        for (let d = 0; d < depth; d++) members.push((s * h * w + p) * c + g * depth + d);
      const mean = members.reduce((a, i) => a + x[i]!, 0) / members.length;
      const variance =
        fixedVariance?.[s * groups + g] ??
        members.reduce((a, i) => a + (x[i]! - mean) ** 2, 0) / members.length;
      variances.push(variance);
      for (const i of members)
        y[i] =
          ((x[i]! - (centered ? mean : 0)) / Math.sqrt(variance + EPSILON)) * gamma[i % c]! + beta[i % c]!;
    }
  }
  return { y, variances };
}

/** d(Σ y·upstream)/d(each value of `name`) by central differences. */
function numericGradient(testCase: Case, inputs: Inputs, upstream: Float64Array, name: keyof Inputs) {
  const fixed = testCase.detachVariance ? reference(testCase, inputs).variances : undefined;
  const loss = () => reference(testCase, inputs, fixed).y.reduce((a, v, i) => a + v * upstream[i]!, 0);
  const values = inputs[name];
  const gradient = new Float64Array(values.length);
  const step = 1e-6;
  for (let i = 0; i < values.length; i++) {
    const kept = values[i]!;
    values[i] = kept + step;
    const up = loss();
    values[i] = kept - step;
    gradient[i] = (up - loss()) / (2 * step);
    values[i] = kept;
  }
  return gradient;
}

function inputsOf({ shape }: Case, seed: number): Inputs {
  const size = shape.reduce((a, b) => a * b, 1);
  const c = shape[3];
  const shifted = Float64Array.from(seededValues(size, seed), (v, i) => 2 * v + 0.3 * (i % 3));
  return {
    x: Float64Array.from(Float32Array.from(shifted)),
    gamma: Float64Array.from(seededValues(c, seed + 1), (v) => Math.fround(v + 1.2)),
    beta: Float64Array.from(seededValues(c, seed + 2), (v) => Math.fround(v)),
  };
}

describeBackends('groupNorm (fused kernels) against float64', (backend) => {
  it('takes one dispatch forward and four backward (statistics, dx, dγ, dβ) on webgpu', async () => {
    const shape = [2, 4, 4, 6];
    const [x, gamma, beta] = [shape, [6], [6]].map((s, i) =>
      tf.variable(tf.randomNormal(s, 0, 1, 'float32', i)),
    );
    const results = [shape, shape, [6], [6]].map((s) => tf.variable(tf.zeros(s)));
    const capture = captureStep(([dy]) =>
      tf.tidy(() => {
        const norm = (xv: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          groupNorm(xv, { groups: 2, centered: true, epsilon: EPSILON, gamma: g, beta: b });
        const { value, grads } = tf.valueAndGrads(norm)([x!, gamma!, beta!], dy);
        for (const [i, t] of [value, ...grads].entries()) results[i]!.assign(t);
      }),
    );
    for (let step = 0; step < 3; step++) {
      const dy = tf.randomNormal(shape, 0, 1, 'float32', 10 + step);
      capture.run([dy]);
      dy.dispose();
    }
    await results[0]!.data();
    if (backend.name === 'webgpu') expect(capture.stats).toMatchObject({ replays: 1, dispatches: 5 });
    capture.dispose();
    tf.dispose([x!, gamma!, beta!, ...results]);
  });

  CASES.forEach((testCase, k) => {
    const { shape, groups, centered, bias, detachVariance } = testCase;
    it(`[${shape}] groups ${groups}, centered ${centered}, bias ${bias}, detached variance ${detachVariance}`, async () => {
      const inputs = inputsOf(testCase, 11 * k + 1);
      if (!bias) inputs.beta.fill(0);
      const upstream = Float64Array.from(seededValues(inputs.x.length, 7 * k + 3));
      const x = tf.tensor(Float32Array.from(inputs.x), shape);
      const gamma = tf.tensor(Float32Array.from(inputs.gamma));
      const beta = tf.tensor(Float32Array.from(inputs.beta));
      const dy = tf.tensor(Float32Array.from(upstream), shape);
      const options = { groups, centered, epsilon: EPSILON, detachVariance };
      const run = (xv: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(groupNorm(xv, { ...options, gamma: g, beta: bias ? b : undefined }), dy));
      const [y, ...grads] = await expectNoLeaks(async () => {
        const forward = groupNorm(x, { ...options, gamma, beta: bias ? beta : undefined });
        const outputs = [forward, ...tf.grads(run)(bias ? [x, gamma, beta] : [x, gamma])];
        const values = await Promise.all(outputs.map((t) => t.data()));
        tf.dispose(outputs);
        return values;
      });
      await expectAllClose(y!, reference(testCase, inputs).y, { label: 'y' });
      const tolerance = { atol: 2e-4, rtol: 2e-4 };
      await expectAllClose(grads[0]!, numericGradient(testCase, inputs, upstream, 'x'), {
        ...tolerance,
        label: 'dx',
      });
      await expectAllClose(grads[1]!, numericGradient(testCase, inputs, upstream, 'gamma'), {
        ...tolerance,
        label: 'dγ',
      });
      if (bias)
        await expectAllClose(grads[2]!, numericGradient(testCase, inputs, upstream, 'beta'), {
          ...tolerance,
          label: 'dβ',
        });
      tf.dispose([x, gamma, beta, dy]);
    });
  });
});
