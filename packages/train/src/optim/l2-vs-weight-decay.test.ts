import '@bcos/backend';
import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { createOptimizer, type OptimizerConfig } from './create-optimizer';
import { l2Penalty } from './l2-penalty';

/**
 * One parameter w, loss f(w) = (w − a)² / 2, so ∂f/∂w = w − a. Each optimiser's trajectory has a
 * closed form (SGD) or a scalar recurrence written from the papers' update rules (Adam, AdamW).
 */
const a = 3;
const w0 = 1;

async function trajectory(config: OptimizerConfig, steps: number): Promise<number[]> {
  const w = tf.variable(tf.scalar(w0));
  const optimizer = createOptimizer(config);
  const values: number[] = [];
  for (let i = 0; i < steps; i++) {
    const { grads, value } = tf.variableGrads(() =>
      tf.tidy(() => {
        const data = tf.div(tf.square(tf.sub(w, a)), 2) as tf.Scalar;
        return config.l2 ? tf.add(data, l2Penalty([w], config.l2)) : data;
      }),
    );
    optimizer.applyGradients(grads);
    tf.dispose([grads, value]);
    values.push((await w.data())[0]!);
  }
  optimizer.dispose();
  w.dispose();
  return values;
}

/** The textbook Adam(W) recurrence in double precision. */
function adamReference({
  lr,
  l2 = 0,
  wd = 0,
  steps,
}: {
  lr: number;
  l2?: number;
  wd?: number;
  steps: number;
}): number[] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  let [w, m, v] = [w0, 0, 0];
  const out: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const g = w - a + 2 * l2 * w;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    w = w * (1 - lr * wd) - (lr * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
    out.push(w);
  }
  return out;
}

describeBackends('L2 penalty vs decoupled weight decay on one parameter', () => {
  it('SGD + L2 λ follows w_k = w* + (w0 − w*)(1 − η(1 + 2λ))^k with w* = a / (1 + 2λ)', async () => {
    const [lr, l2] = [0.1, 0.25];
    const fixed = a / (1 + 2 * l2);
    const expected = [1, 2, 3, 4, 5, 6].map((k) => fixed + (w0 - fixed) * (1 - lr * (1 + 2 * l2)) ** k);
    await expectAllClose(await trajectory({ name: 'sgd', lr, l2 }, 6), expected, { atol: 1e-6 });
  });

  it('SGDW with weightDecay d equals SGD + L2 with λ = d / 2 (they coincide without adaptivity)', async () => {
    const [lr, d] = [0.1, 0.5];
    const fixed = a / (1 + d);
    const expected = [1, 2, 3, 4].map((k) => fixed + (w0 - fixed) * (1 - lr * (1 + d)) ** k);
    await expectAllClose(await trajectory({ name: 'sgd', lr, weightDecay: d }, 4), expected, { atol: 1e-6 });
  });

  it('Adam + L2: the penalty enters the normalised gradient, so the first step is lr whatever λ is', async () => {
    const lr = 0.01;
    const withL2 = await trajectory({ name: 'adam', lr, l2: 0.1 }, 3);
    await expectAllClose(withL2, adamReference({ lr, l2: 0.1, steps: 3 }), { atol: 1e-6 });
    expect(withL2[0]! - w0).toBeCloseTo(lr, 6);
  });

  it('AdamW: decay acts outside the normalisation, w1 = w0(1 − lr·d) + lr', async () => {
    const [lr, d] = [0.01, 0.5];
    const adamw = await trajectory({ name: 'adamw', lr, weightDecay: d }, 3);
    await expectAllClose(adamw, adamReference({ lr, wd: d, steps: 3 }), { atol: 1e-6 });
    expect(adamw[0]).toBeCloseTo(w0 * (1 - lr * d) + lr, 6);
  });

  it('SGD with Nesterov momentum follows PyTorch: b ← μb + g, w ← w − η(g + μb)', async () => {
    const [lr, mu] = [0.1, 0.9];
    let [w, b] = [w0, 0];
    const expected = [0, 1, 2].map(() => {
      const g = w - a;
      b = mu * b + g;
      w -= lr * (g + mu * b);
      return w;
    });
    await expectAllClose(await trajectory({ name: 'sgd', lr, momentum: mu, nesterov: true }, 3), expected, {
      atol: 1e-5,
    });
  });
});
