/**
 * Second-order gradients through the ops whose gradient is itself a kernel without a gradient in
 * tfjs-core 4.22 (MaxPoolGrad, AvgPoolGrad, DepthwiseConv2dNativeBackpropInput): ShapleyCAM
 * differentiates the gradient of a MobileNet or Inception. The Hessian-vector product H·v by nested
 * tf.grad must equal central differences of the first-order gradient along v, element by element;
 * each loss is quadratic in the op's output, so the difference is exact up to float32 rounding
 * while no maximum or ReLU6 bound changes within the step.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../gradients';
import { expect, it } from 'vitest';
import { describeBackends, expectAllClose, expectNoLeaks, seededValues } from '../testing';

type Op = (x: tf.Tensor4D, filter: tf.Tensor4D) => tf.Tensor4D;

const FILTER_SHAPE = [3, 3, 4, 2];

const OPS: Record<string, Op> = {
  'maxPool 3×3 stride 2 valid (Inception: overlapping windows)': (x) => tf.maxPool(x, 3, 2, 'valid'),
  'maxPool 3×3 stride 2 same': (x) => tf.maxPool(x, 3, 2, 'same'),
  'maxPool 2×2 stride 2': (x) => tf.maxPool(x, 2, 2, 'valid'),
  'avgPool 3×3 stride 1 same (Inception)': (x) => tf.avgPool(x, 3, 1, 'same'),
  'avgPool 2×2 stride 2': (x) => tf.avgPool(x, 2, 2, 'valid'),
  'depthwiseConv2d 3×3 stride 2 same, multiplier 2': (x, filter) => tf.depthwiseConv2d(x, filter, 2, 'same'),
  relu6: (x) => tf.relu6(tf.mul(x, 3)) as tf.Tensor4D,
  "clipByValue (Keras' ReLU(max_value=6): its gradient compares and ANDs)": (x) =>
    tf.clipByValue(tf.mul(x, 3), 0, 6) as tf.Tensor4D,
  'depthwiseConv2d 3×3 stride 1 same (MobileNet)': (x, filter) =>
    tf.depthwiseConv2d(x, tf.slice(filter, [0, 0, 0, 0], [3, 3, 4, 1]), 1, 'same'),
};

const H = 1e-3;

/**
 * Distinct values −1 + (k + 0.37)·2/512 in a fixed shuffled order, scaled by 3: any two differ by
 * more than a step moves them, so the maximum of a window stays where it is within a step.
 */
function inputs(): tf.Tensor4D {
  const values = Array.from({ length: 512 }, (_, k) => 3 * (-1 + ((k + 0.37) * 2) / 512));
  const order = seededValues(512, 7);
  const shuffled = values.map((value, i) => [order[i]!, value] as const).sort((a, b) => a[0] - b[0]);
  return tf.tensor4d(
    shuffled.map(([, value]) => value),
    [2, 8, 8, 4],
  );
}

/** ½ Σ w·op(x)² with fixed w: its gradient depends on x through op's gradient kernel. */
function loss(op: Op, x: tf.Tensor, filter: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const y = op(x as tf.Tensor4D, filter as tf.Tensor4D);
    const w = tf.tensor(seededValues(y.size, 13), y.shape);
    return tf.mul(0.5, tf.sum(tf.mul(w, tf.square(y)))) as tf.Scalar;
  });
}

describeBackends('second-order gradients of image-model ops', () => {
  for (const [name, op] of Object.entries(OPS)) {
    it(`${name}: H·v by nested tf.grad equals central differences of the gradient`, async () => {
      const x = inputs();
      const filter = tf.tensor4d(seededValues(72, 5), FILTER_SHAPE as [number, number, number, number]);
      const v = tf.tensor(seededValues(x.size, 11), x.shape);
      await expectNoLeaks(async () => {
        const gradient = (a: tf.Tensor) => tf.grad((b: tf.Tensor) => loss(op, b, filter))(a);
        const [hessianV, difference] = tf.tidy(() => [
          tf.grad((a: tf.Tensor) => tf.sum(tf.mul(gradient(a), v)))(x),
          tf.div(tf.sub(gradient(tf.add(x, tf.mul(v, H))), gradient(tf.sub(x, tf.mul(v, H)))), 2 * H),
        ]);
        const scale = Math.max(...(await difference!.data()).map(Math.abs));
        expect(scale).toBeGreaterThan(0.1);
        await expectAllClose(hessianV!, difference!, { atol: 2e-3 * scale, rtol: 0, label: name });
        tf.dispose([hessianV!, difference!]);
      });
      tf.dispose([x, filter, v]);
    });
  }

  it('depthwise convolution: the mixed derivative ∂/∂filter ⟨∂L/∂x, v⟩ equals central differences in the filter', async () => {
    const op = OPS['depthwiseConv2d 3×3 stride 2 same, multiplier 2']!;
    const x = inputs();
    const filter = tf.tensor4d(seededValues(72, 5), FILTER_SHAPE as [number, number, number, number]);
    const v = tf.tensor(seededValues(x.size, 11), x.shape);
    const u = tf.tensor(seededValues(filter.size, 17), filter.shape);
    await expectNoLeaks(async () => {
      const along = (f: tf.Tensor) =>
        tf.sum(tf.mul(tf.grad((b: tf.Tensor) => loss(op, b, f))(x), v)) as tf.Scalar;
      const [predicted, up, down] = tf.tidy(() => [
        tf.sum(tf.mul(tf.grad(along)(filter), u)),
        along(tf.add(filter, tf.mul(u, H))),
        along(tf.sub(filter, tf.mul(u, H))),
      ]);
      const expected = ((await up!.data())[0]! - (await down!.data())[0]!) / (2 * H);
      const actual = (await predicted!.data())[0]!;
      expect(Math.abs(actual - expected)).toBeLessThan(2e-3 * Math.max(1, Math.abs(expected)));
      tf.dispose([predicted!, up!, down!]);
    });
    tf.dispose([x, filter, v, u]);
  });
});
