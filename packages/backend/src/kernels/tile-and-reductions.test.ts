import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import '../gradients';
import { describeBackends, expectAllClose, expectNoLeaks, seededValues } from '../testing';

/**
 * out[c] = values[source(c)] for every coordinate c of outShape, element by element: the row-major
 * reference the block-copy kernels are held to.
 */
function gatherReference(
  values: number[],
  shape: number[],
  outShape: number[],
  source: (coordinate: number, axis: number) => number,
): number[] {
  const size = outShape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let flat = 0; flat < size; flat++) {
    let rest = flat;
    let src = 0;
    let stride = 1;
    const coords: number[] = [];
    for (let d = outShape.length - 1; d >= 0; d--) {
      coords[d] = rest % outShape[d]!;
      rest = Math.floor(rest / outShape[d]!);
    }
    for (let d = shape.length - 1; d >= 0; d--) {
      src += source(coords[d]!, d) * stride;
      stride *= shape[d]!;
    }
    out.push(values[src]!);
  }
  return out;
}

function tileReference(values: number[], shape: number[], reps: number[]): number[] {
  const outShape = shape.map((s, d) => s * reps[d]!);
  return gatherReference(values, shape, outShape, (c, d) => c % shape[d]!);
}

const SEQUENCE = (n: number) => Array.from({ length: n }, (_, i) => ((i * 7) % 11) - 5 + i / 10);

describeBackends('tile', () => {
  for (const [shape, reps] of [
    [
      [1, 1, 1, 5],
      [2, 3, 4, 1],
    ],
    [
      [2, 3],
      [3, 2],
    ],
    [[3], [4]],
    [
      [2, 1, 2],
      [1, 3, 2],
    ],
  ] as const) {
    it(`[${shape}] × [${reps}], float32 and int32`, async () => {
      const size = (shape as readonly number[]).reduce((a, b) => a * b, 1);
      const values = SEQUENCE(size);
      await expectNoLeaks(async () => {
        const x = tf.tensor(values, [...shape]);
        const tiled = tf.tile(x, [...reps]);
        expect(tiled.shape).toEqual(shape.map((s, d) => s * reps[d]!));
        await expectAllClose(tiled, tileReference(values, [...shape], [...reps]), { atol: 1e-6 });
        const ints = tf.tensor(values.map(Math.round), [...shape], 'int32');
        const tiledInts = tf.tile(ints, [...reps]);
        expect(tiledInts.dtype).toBe('int32');
        expect(Array.from(await tiledInts.data())).toEqual(
          tileReference(values.map(Math.round), [...shape], [...reps]),
        );
        tf.dispose([x, tiled, ints, tiledInts]);
      });
    });
  }
});

function sliceReference(values: number[], shape: number[], begin: number[], size: number[]): number[] {
  return gatherReference(values, shape, size, (c, d) => c + begin[d]!);
}

describeBackends('slice', () => {
  // [shape, begin, size]: a zero padding's gradient, inner runs, whole trailing axes, a column, -1 sizes.
  const cases: Array<[number[], number[], number[]]> = [
    [
      [1, 113, 113, 4],
      [0, 0, 0, 0],
      [1, 112, 112, 4],
    ],
    [
      [2, 5, 6, 3],
      [1, 1, 2, 0],
      [1, 3, 3, 3],
    ],
    [
      [2, 5, 6, 3],
      [0, 2, 0, 0],
      [2, 2, 6, 3],
    ],
    [
      [4, 7],
      [1, 3],
      [3, 1],
    ],
    [
      [3, 4, 5],
      [1, 0, 2],
      [-1, 2, -1],
    ],
    [[6], [2], [3]],
  ];
  for (const [shape, begin, size] of cases) {
    it(`[${shape}] from [${begin}] size [${size}], float32, int32 and bool`, async () => {
      const values = SEQUENCE(shape.reduce((a, b) => a * b, 1));
      const fullSize = size.map((s, d) => (s === -1 ? shape[d]! - begin[d]! : s));
      await expectNoLeaks(async () => {
        const x = tf.tensor(values, shape);
        const sliced = tf.slice(x, begin, size);
        expect(sliced.shape).toEqual(fullSize);
        await expectAllClose(sliced, sliceReference(values, shape, begin, fullSize), { atol: 0 });
        const rounded = values.map((v) => Math.round(v) | 0); // | 0: no −0 in an int32 reference
        const ints = tf.tensor(rounded, shape, 'int32');
        const slicedInts = tf.slice(ints, begin, size);
        expect(Array.from(await slicedInts.data())).toEqual(sliceReference(rounded, shape, begin, fullSize));
        const bools = tf.tensor(
          values.map((v) => (v > 0 ? 1 : 0)),
          shape,
          'bool',
        );
        const slicedBools = tf.slice(bools, begin, size);
        expect(slicedBools.dtype).toBe('bool');
        expect(Array.from(await slicedBools.data())).toEqual(
          sliceReference(
            values.map((v) => (v > 0 ? 1 : 0)),
            shape,
            begin,
            fullSize,
          ),
        );
        tf.dispose([x, sliced, ints, slicedInts, bools, slicedBools]);
      });
    });
  }
});

describeBackends('sum and mean', () => {
  const shape = [2, 3, 4, 5];
  const values = SEQUENCE(120);
  const at = (n: number, h: number, w: number, c: number) => values[((n * 3 + h) * 4 + w) * 5 + c]!;

  it('over the leading axes (batch-norm statistics), with and without keepDims', async () => {
    const expected = Array.from({ length: 5 }, (_, c) => {
      let s = 0;
      for (let n = 0; n < 2; n++) for (let h = 0; h < 3; h++) for (let w = 0; w < 4; w++) s += at(n, h, w, c);
      return s;
    });
    await expectNoLeaks(async () => {
      const x = tf.tensor4d(values, shape as [number, number, number, number]);
      const sum = tf.sum(x, [0, 1, 2]);
      const mean = tf.mean(x, [2, 0, 1], true);
      expect(sum.shape).toEqual([5]);
      expect(mean.shape).toEqual([1, 1, 1, 5]);
      await expectAllClose(sum, expected, { atol: 1e-4 });
      await expectAllClose(
        mean,
        expected.map((s) => s / 24),
        { atol: 1e-5 },
      );
      tf.dispose([x, sum, mean]);
    });
  });

  it('over the leading axes of a tall tensor (summed by blocks of rows on wasm) matches a float64 reference', async () => {
    const [n, h, w, c] = [3, 20, 30, 7];
    const tall = seededValues(n * h * w * c, 3);
    const expected = Array.from({ length: c }, (_, j) => {
      let s = 0;
      for (let r = 0; r < n * h * w; r++) s += tall[r * c + j]!;
      return s;
    });
    await expectNoLeaks(async () => {
      const x = tf.tensor4d(tall, [n, h, w, c]);
      const sum = tf.sum(x, [0, 1, 2]);
      const mean = tf.mean(x, [0, 1, 2], true);
      await expectAllClose(sum, expected, { atol: 1e-5, rtol: 1e-6 });
      await expectAllClose(
        mean,
        expected.map((s) => s / (n * h * w)),
        { atol: 1e-7, rtol: 1e-6 },
      );
      tf.dispose([x, sum, mean]);
    });
  });

  it('over the trailing axes (B-cos patch norms, layer norm) matches a float64 reference', async () => {
    const [n, h, w, c] = [4, 60, 60, 10];
    const values4d = seededValues(n * h * w * c, 8);
    const rowSum = (start: number, width: number) => {
      let s = 0;
      for (let j = 0; j < width; j++) s += values4d[start + j]!;
      return s;
    };
    await expectNoLeaks(async () => {
      const x = tf.tensor4d(values4d, [n, h, w, c]);
      const channels = tf.sum(x, 3, true);
      const pixels = tf.mean(x, [2, 3]);
      expect([channels.shape, pixels.shape]).toEqual([
        [n, h, w, 1],
        [n, h],
      ]);
      const perPixel = Array.from({ length: n * h * w }, (_, r) => rowSum(r * c, c));
      const perRow = Array.from({ length: n * h }, (_, r) => rowSum(r * w * c, w * c) / (w * c));
      await expectAllClose(channels, perPixel, { atol: 1e-6, rtol: 1e-6 });
      await expectAllClose(pixels, perRow, { atol: 1e-7, rtol: 1e-6 });
      tf.dispose([x, channels, pixels]);
    });
  });

  it('over other axes and for int32 (the cases handed to the stock kernel)', async () => {
    const x = tf.tensor4d(values, shape as [number, number, number, number]);
    const inner = tf.sum(x, [1, 2]);
    const all = tf.mean(x);
    const ints = tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), 0);
    const expectedInner: number[] = [];
    for (let n = 0; n < 2; n++)
      for (let c = 0; c < 5; c++) {
        let s = 0;
        for (let h = 0; h < 3; h++) for (let w = 0; w < 4; w++) s += at(n, h, w, c);
        expectedInner.push(s);
      }
    await expectAllClose(inner, expectedInner, { atol: 1e-4 });
    await expectAllClose(all, values.reduce((a, b) => a + b, 0) / 120, { atol: 1e-5 });
    expect(ints.dtype).toBe('int32');
    expect(Array.from(await ints.data())).toEqual([4, 6]);
    tf.dispose([x, inner, all, ints]);
  });
});
