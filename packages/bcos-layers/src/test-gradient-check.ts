/** Finite-difference checks of gradients along a random direction, sized for float32. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

interface CheckOptions {
  seed?: number;
  epsilon?: number;
  tolerance?: number;
  label?: string;
}

function unitDirection(shape: number[], seed: number): tf.Tensor {
  const raw = tf.randomNormal(shape, 0, 1, 'float32', seed);
  return tf.div(raw, tf.norm(raw));
}

/** Reads ⟨∇f, v⟩ and the central difference and expects them equal within `tolerance` (relative above 1). */
async function expectAlongDirection([analytic, numeric]: tf.Tensor[], tolerance: number, label: string) {
  const [a, n] = [(await analytic!.data())[0]!, (await numeric!.data())[0]!];
  tf.dispose([analytic!, numeric!]);
  expect(Math.abs(a - n), `${label}: autodiff ${a}, finite difference ${n}`).toBeLessThanOrEqual(
    tolerance * Math.max(1, Math.abs(n)),
  );
}

/**
 * Compares ⟨∇f(x), v⟩ from autodiff with (f(x + εv) − f(x − εv)) / 2ε for a random unit direction
 * v. One scalar per check keeps float32 rounding small against the signal.
 */
export async function expectGradientMatchesFiniteDifference(
  f: (x: tf.Tensor) => tf.Scalar,
  x: tf.Tensor,
  { seed = 1, epsilon = 1e-2, tolerance = 2e-2, label = 'gradient' }: CheckOptions = {},
): Promise<void> {
  const pair = tf.tidy(() => {
    const v = unitDirection(x.shape, seed);
    const along = tf.sum(tf.mul(tf.grad(f)(x), v));
    const difference = tf.sub(f(tf.add(x, tf.mul(v, epsilon))), f(tf.sub(x, tf.mul(v, epsilon))));
    return [along, tf.div(difference, 2 * epsilon)];
  });
  await expectAlongDirection(pair, tolerance, label);
}

/** The same check for a variable that `loss` reads (a layer weight): moves the variable and restores it. */
export async function expectVariableGradientMatchesFiniteDifference(
  loss: () => tf.Scalar,
  variable: tf.Variable,
  { seed = 1, epsilon = 1e-2, tolerance = 2e-2, label = 'weight gradient' }: CheckOptions = {},
): Promise<void> {
  const original = tf.clone(variable);
  const lossAt = (point: tf.Tensor) => {
    variable.assign(point);
    return loss();
  };
  const pair = tf.tidy(() => {
    const v = unitDirection(variable.shape, seed);
    const { grads } = tf.variableGrads(loss, [variable]);
    const along = tf.sum(tf.mul(grads[variable.name]!, v));
    const difference = tf.sub(
      lossAt(tf.add(original, tf.mul(v, epsilon))),
      lossAt(tf.sub(original, tf.mul(v, epsilon))),
    );
    variable.assign(original);
    return [along, tf.div(difference, 2 * epsilon)];
  });
  original.dispose();
  await expectAlongDirection(pair, tolerance, label);
}
