import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import '../gradients';
import { describeBackends, expectAllClose, seededValues } from '../testing';
import { broadcastPlan } from './shared/broadcast-plan';

/** Each op as tfjs runs it, and its float64 reference rounded to float32. */
const OPS = {
  add: [tf.add, (a: number, b: number) => a + b],
  sub: [tf.sub, (a: number, b: number) => a - b],
  mul: [tf.mul, (a: number, b: number) => a * b],
  div: [tf.div, (a: number, b: number) => a / b],
  maximum: [tf.maximum, Math.max],
  minimum: [tf.minimum, Math.min],
  squaredDifference: [tf.squaredDifference, (a: number, b: number) => (a - b) * (a - b)],
} as const;

/** Operand shapes: equal, trailing, leading, both broadcast, scalars, empty. */
const SHAPE_PAIRS: Array<[number[], number[]]> = [
  [
    [2, 3, 4],
    [2, 3, 4],
  ],
  [[2, 3, 4], [4]],
  [[4], [2, 3, 4]],
  [
    [2, 1, 4],
    [1, 3, 1],
  ],
  [
    [2, 3, 1, 5],
    [2, 1, 4, 1],
  ],
  [
    [3, 1, 1, 4],
    [3, 5, 6, 4],
  ],
  [[], [3, 2]],
  [[], []],
  [[0, 3], [3]],
];

/** numpy broadcasting, element by element: the reference the kernels are held to. */
function broadcastReference(
  a: Float32Array,
  aShape: number[],
  b: Float32Array,
  bShape: number[],
  op: (x: number, y: number) => number,
): number[] {
  const rank = Math.max(aShape.length, bShape.length);
  const pad = (shape: number[]) => [...new Array(rank - shape.length).fill(1), ...shape];
  const [pa, pb] = [pad(aShape), pad(bShape)];
  const outShape = pa.map((size, d) => (size === 1 ? pb[d]! : size));
  const size = outShape.reduce((x, y) => x * y, 1);
  const indexIn = (shape: number[], coords: number[]) =>
    coords.reduce((flat, c, d) => flat * shape[d]! + (shape[d] === 1 ? 0 : c), 0);
  const out: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    const coords: number[] = [];
    for (let d = rank - 1, rest = flat; d >= 0; d--) {
      coords[d] = rest % outShape[d]!;
      rest = Math.floor(rest / outShape[d]!);
    }
    out.push(Math.fround(op(a[indexIn(pa, coords)]!, b[indexIn(pb, coords)]!)));
  }
  return out;
}

describeBackends('float32 binary ops with broadcasting', () => {
  for (const [aShape, bShape] of SHAPE_PAIRS) {
    it(`[${aShape}] with [${bShape}]: every op as numpy broadcasts it`, async () => {
      const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
      const a = seededValues(size(aShape), 3).map((v) => v * 4);
      // Away from 0, so that division stays well conditioned.
      const b = seededValues(size(bShape), 5).map((v) => (v < 0 ? v - 0.5 : v + 0.5));
      const [ta, tb] = [tf.tensor(a, aShape), tf.tensor(b, bShape)];
      for (const [name, [op, reference]] of Object.entries(OPS)) {
        const result = op(ta, tb);
        expect(result.shape, name).toEqual(broadcastPlan(aShape, bShape).outShape);
        await expectAllClose(result, broadcastReference(a, aShape, b, bShape, reference), {
          atol: 1e-6,
          rtol: 1e-6,
          label: `${name} [${aShape}] [${bShape}]`,
        });
        result.dispose();
      }
      tf.dispose([ta, tb]);
    });
  }

  it('keeps NaN, infinities and signed zeros as the stock kernels do', async () => {
    const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 1.5];
    const a = new Float32Array(specials.flatMap((x) => specials.map(() => x)));
    const b = new Float32Array(specials.flatMap(() => specials));
    const [ta, tb] = [tf.tensor1d(a), tf.tensor1d(b)];
    for (const [name, [op, reference]] of Object.entries(OPS)) {
      const actual = Array.from(await op(ta, tb).data());
      const expected = Array.from(a, (x, i) => Math.fround(reference(x, b[i]!)));
      const differs = actual.flatMap((v, i) =>
        Object.is(v, expected[i]) || v === expected[i]
          ? []
          : [`${a[i]} ${name} ${b[i]}: ${v}, expected ${expected[i]}`],
      );
      // Signed zeros and NaN-vs-Inf orderings of max/min are backend matters except on cpu, where they are ours.
      if (tf.getBackend() === 'cpu') expect(differs).toEqual([]);
      else expect(differs.filter((d) => !/NaN|-?0(,|$)| 0/.test(d))).toEqual([]);
    }
    tf.dispose([ta, tb]);
  });

  it('hands int32 operands to the stock kernels', async () => {
    const a = tf.tensor2d(
      [
        [1, 2],
        [3, 4],
      ],
      [2, 2],
      'int32',
    );
    const b = tf.tensor1d([10, -3], 'int32');
    const sum = tf.add(a, b);
    expect(sum.dtype).toBe('int32');
    expect(await sum.array()).toEqual([
      [11, -1],
      [13, 1],
    ]);
    tf.dispose([a, b, sum]);
  });
});

it('merges the axes both operands step through alike', () => {
  expect(broadcastPlan([2, 3, 4], [2, 3, 4])).toMatchObject({ shape: [24], aStrides: [1], bStrides: [1] });
  expect(broadcastPlan([5, 6, 7, 8], [8])).toMatchObject({
    shape: [210, 8],
    aStrides: [8, 1],
    bStrides: [0, 1],
  });
  expect(broadcastPlan([2, 6, 7, 8], [2, 1, 1, 8])).toMatchObject({
    shape: [2, 42, 8],
    aStrides: [336, 8, 1],
    bStrides: [8, 0, 1],
  });
  expect(broadcastPlan([], [])).toMatchObject({ outShape: [], shape: [1] });
  expect(() => broadcastPlan([2, 3], [4])).toThrow('could not be broadcast together with shapes 2,3 and 4');
});
