import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { input } from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { CPU_ONLY } from '../test-backends';
import { batchNorm2d } from './batch-norm-2d';
import { groupNorm2d, layerNorm2d } from './group-norm-2d';
import type { Norm2d } from './norm2d';
import { positionNorm2d } from './position-norm-2d';

const SHAPE = [2, 3, 4, 6] as const;
type Index = readonly [number, number, number, number];

/** Which statistics group each element belongs to, per norm. */
const GROUPS: Record<string, (i: Index) => string> = {
  batch: ([, , , c]) => `${c}`,
  layer: ([n]) => `${n}`,
  group3: ([n, , , c]) => `${n},${Math.floor(c / 2)}`,
  position: ([n, h, w]) => `${n},${h},${w}`,
};

function* indices(): Generator<Index> {
  const [N, H, W, C] = SHAPE;
  for (let n = 0; n < N; n++)
    for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) yield [n, h, w, c];
}

/** The norm written out in float64: (x − mean?)/sqrt(biased var + ε)·γ + β per group. */
function referenceNorm(
  x: Float32Array,
  groupOf: (i: Index) => string,
  centered: boolean,
  gamma: number[],
  beta: number[],
) {
  const sums = new Map<string, { s: number; ss: number; n: number }>();
  let k = 0;
  for (const i of indices()) {
    const acc = sums.get(groupOf(i)) ?? { s: 0, ss: 0, n: 0 };
    acc.s += x[k]!;
    acc.ss += x[k]! ** 2;
    acc.n += 1;
    sums.set(groupOf(i), acc);
    k++;
  }
  const out = new Float64Array(x.length);
  k = 0;
  for (const i of indices()) {
    const { s, ss, n } = sums.get(groupOf(i))!;
    const mean = s / n;
    const variance = ss / n - mean * mean;
    out[k] = ((centered ? x[k]! - mean : x[k]!) / Math.sqrt(variance + 1e-5)) * gamma[i[3]]! + beta[i[3]]!;
    k++;
  }
  return out;
}

const FACTORIES: Record<string, (options: { centered: boolean; bias: boolean }) => Norm2d> = {
  batch: (o) => batchNorm2d(o),
  layer: (o) => layerNorm2d(o),
  group3: (o) => groupNorm2d({ ...o, groups: 3 }),
  position: (o) => positionNorm2d(o),
};

function builtNorm(kind: string, centered: boolean, bias: boolean) {
  const norm = FACTORIES[kind]!({ centered, bias });
  norm.apply(input({ shape: SHAPE.slice(1) as number[] }));
  const gamma = [0.5, 1, 1.5, 2, -1, 0.25];
  const beta = bias ? [0.1, -0.2, 0.3, 0, 0.5, -1] : [0, 0, 0, 0, 0, 0];
  const moving = norm.getWeights().slice(bias ? 2 : 1);
  norm.setWeights([tf.tensor(gamma), ...(bias ? [tf.tensor(beta)] : []), ...moving]);
  return { norm, gamma, beta };
}

describeBackends('norms against a float64 reference', () => {
  const x = tf.add(tf.mul(tf.randomNormal([...SHAPE], 0, 1, 'float32', 3), 2), 0.7);

  for (const kind of Object.keys(FACTORIES)) {
    for (const [centered, bias] of [
      [false, false],
      [true, true],
    ] as const) {
      it(`${kind} norm, centered ${centered}, bias ${bias} (training statistics)`, async () => {
        const { norm, gamma, beta } = builtNorm(kind, centered, bias);
        const expected = referenceNorm(
          (await x.data()) as Float32Array,
          GROUPS[kind]!,
          centered,
          gamma,
          beta,
        );
        await expectAllClose(norm.apply(x, { training: true }) as tf.Tensor, expected, { label: kind });
        norm.dispose();
      });
    }
  }

  it('layerNorm2d({centered, bias}) is PyTorch GroupNorm(1, C), also at inference', async () => {
    const { norm, gamma, beta } = builtNorm('layer', true, true);
    const expected = referenceNorm((await x.data()) as Float32Array, GROUPS.layer!, true, gamma, beta);
    await expectAllClose(norm.apply(x) as tf.Tensor, expected, { label: 'GroupNorm(1, C)' });
  });

  it('stops the gradient through the variance in explanation mode', async () => {
    const norm = positionNorm2d({ name: 'pn' });
    const upstream = tf.randomNormal([...SHAPE], 0, 1, 'float32', 4);
    const loss = (v: tf.Tensor) => tf.sum(tf.mul(norm.apply(v) as tf.Tensor, upstream));
    norm.setExplanationMode(true);
    const frozen = tf.grad(loss)(x);
    const { variance } = tf.moments(x, 3, true);
    await expectAllClose(frozen, tf.div(upstream, tf.sqrt(tf.add(variance, 1e-5))), {
      label: 'upstream/std',
    });
    norm.setExplanationMode(false);
    const full = tf.grad(loss)(x);
    expect(Math.max(...(await tf.abs(tf.sub(full, frozen)).data()))).toBeGreaterThan(1e-3);
  });

  it('batchNorm2d in training stops the gradient through the batch variance in explanation mode', async () => {
    const upstream = tf.randomNormal([...SHAPE], 0, 1, 'float32', 5);
    const { variance } = tf.moments(x, [0, 1, 2], true);
    const std = tf.sqrt(tf.add(variance, 1e-5));
    for (const centered of [false, true]) {
      const norm = batchNorm2d({ centered, name: `bn_explained_${centered}` });
      const loss = (v: tf.Tensor) => tf.sum(tf.mul(norm.apply(v, { training: true }) as tf.Tensor, upstream));
      norm.setExplanationMode(true);
      const frozen = tf.grad(loss)(x);
      // The mean still carries its gradient when centered: (dy − mean(dy))/std.
      const dy = centered ? tf.sub(upstream, tf.mean(upstream, [0, 1, 2], true)) : upstream;
      await expectAllClose(frozen, tf.div(dy, std), { label: `centered ${centered}: dy/std` });
      norm.setExplanationMode(false);
      const full = tf.grad(loss)(x);
      expect(Math.max(...(await tf.abs(tf.sub(full, frozen)).data()))).toBeGreaterThan(1e-3);
      norm.dispose();
    }
  });
});

describeBackends('batchNorm2d moving statistics', (backend) => {
  const x = tf.add(tf.mul(tf.randomNormal([4, 2, 2, 3], 0, 1, 'float32', 5), 3), 1);

  it('uncentered: updates only moving_variance, with the biased batch variance (B-cos v2)', async () => {
    const norm = batchNorm2d({ momentum: 0.8, name: `bnu_${backend.name}` });
    norm.apply(input({ shape: [2, 2, 3] }));
    expect(norm.weights.map((w) => w.name.split('/')[1])).toEqual(['gamma', 'moving_variance']);
    const { variance } = tf.moments(x, [0, 1, 2]);
    await expectNoLeaks(() => tf.dispose(norm.apply(x, { training: true }) as tf.Tensor));
    await expectAllClose(norm.getWeights()[1]!, tf.add(0.8, tf.mul(variance, 0.2)), {
      label: 'moving variance',
    });
    const inference = norm.apply(x) as tf.Tensor;
    const movingStd = tf.sqrt(tf.add(norm.getWeights()[1]!, 1e-5));
    await expectAllClose(inference, tf.div(x, movingStd), { label: 'inference uses moving statistics' });
  });

  it('centered: updates moving_mean and moving_variance, the latter unbiased (PyTorch BatchNorm2d)', async () => {
    const norm = batchNorm2d({ centered: true, bias: true, name: `bn_${backend.name}` });
    norm.apply(input({ shape: [2, 2, 3] }));
    const names = norm.weights.map((w) => w.name.split('/')[1]);
    expect(names).toEqual(['gamma', 'beta', 'moving_mean', 'moving_variance']);
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    norm.apply(x, { training: true });
    const [, , movingMean, movingVariance] = norm.getWeights();
    await expectAllClose(movingMean!, tf.mul(mean, 0.1), { label: 'moving mean' });
    await expectAllClose(movingVariance!, tf.add(0.9, tf.mul(variance, 0.1 * (16 / 15))), {
      label: 'moving var',
    });
  });
});

describeBackends(
  'norm options',
  () => {
    it('creates only the weights the options ask for', () => {
      const unaffine = layerNorm2d({ affine: false, name: 'ln' });
      unaffine.apply(input({ shape: [2, 2, 4] }));
      expect(unaffine.weights).toEqual([]);
    });

    it.each([
      [
        () => groupNorm2d({ groups: 0, name: 'g' }),
        /GroupNorm2d 'g': groups must be a positive integer, got 0/,
      ],
      [() => layerNorm2d({ affine: false, bias: true, name: 'l' }), /LayerNorm2d 'l': bias needs affine/],
      [
        () => positionNorm2d({ epsilon: 0, name: 'p' }),
        /PositionNorm2d 'p': epsilon must be a finite number > 0/,
      ],
      [() => batchNorm2d({ momentum: 2, name: 'b' }), /BatchNorm2d 'b': momentum must be in \[0, 1\]/],
      [
        () => batchNorm2d({ centered: 'yes' as never, name: 'b' }),
        /BatchNorm2d 'b': centered must be true or false/,
      ],
    ])('rejects bad options %#', (make, message) => {
      expect(make).toThrow(message);
    });

    it('rejects groups that do not divide the channels, and inputs that are not 4D', () => {
      expect(() => groupNorm2d({ groups: 4, name: 'g' }).apply(input({ shape: [3, 3, 6] }))).toThrow(
        /GroupNorm2d 'g': groups 4 does not divide the 6 input channels/,
      );
      expect(() => batchNorm2d({ name: 'b' }).apply(input({ shape: [3, 6] }))).toThrow(
        /BatchNorm2d 'b': expected a 4D input \[N, H, W, C\]/,
      );
    });
  },
  CPU_ONLY,
);
