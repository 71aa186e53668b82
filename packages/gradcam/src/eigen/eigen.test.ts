import { describe, expect, it } from 'vitest';
import { jacobiEigen } from './jacobi-eigen';
import { powerIteration } from './power-iteration';
import { principalProjection } from './principal-projection';
import { topEigenvector } from './top-eigenvector';

/** Deterministic pseudo-random numbers in [−1, 1). */
function pseudoRandom(count: number, seed: number): Float64Array {
  let state = seed;
  return Float64Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 2 - 1;
  });
}

/** MᵀM for M rows × n (row-major). */
function gram(m: Float64Array, rows: number, n: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) g[i * n + j] = g[i * n + j]! + m[r * n + i]! * m[r * n + j]!;
  return g;
}

function multiply(a: Float64Array, n: number, v: Float64Array): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => v.reduce((sum, vj, j) => sum + a[i * n + j]! * vj, 0));
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((s, x, i) => s + x * b[i]!, 0);

describe('eigen solvers', () => {
  it('Jacobi diagonalises a symmetric matrix: A·v = λ·v for every column', () => {
    const n = 7;
    const a = gram(pseudoRandom(20 * n, 3), 20, n);
    const { values, vectors } = jacobiEigen(a, n);
    for (let k = 0; k < n; k++) {
      const v = Float64Array.from({ length: n }, (_, i) => vectors[i * n + k]!);
      const av = multiply(a, n, v);
      for (let i = 0; i < n; i++) expect(av[i]).toBeCloseTo(values[k]! * v[i]!, 9);
    }
    const trace = Array.from({ length: n }, (_, i) => a[i * n + i]!).reduce((s, x) => s + x, 0);
    expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(trace, 9);
  });

  it('power iteration finds the same top eigenvector as Jacobi, up to sign', () => {
    const n = 80;
    const a = gram(pseudoRandom(200 * n, 5), 200, n);
    const { values, vectors } = jacobiEigen(a, n);
    const top = values.indexOf(Math.max(...values));
    const expected = Float64Array.from({ length: n }, (_, i) => vectors[i * n + top]!);
    expect(Math.abs(dot(powerIteration(a, n), expected))).toBeCloseTo(1, 8);
    expect(Math.abs(dot(topEigenvector(a, n), expected))).toBeCloseTo(1, 8);
  });

  for (const [pixels, channels] of [
    [30, 5],
    [6, 40],
  ] as const) {
    it(`projects ${pixels} pixels × ${channels} channels on the first principal direction`, () => {
      const values = pseudoRandom(pixels * channels, 11);
      const projection = principalProjection(values, pixels, channels);
      const centred = Float64Array.from(values);
      for (let c = 0; c < channels; c++) {
        let mean = 0;
        for (let p = 0; p < pixels; p++) mean += centred[p * channels + c]! / pixels;
        for (let p = 0; p < pixels; p++) centred[p * channels + c] = centred[p * channels + c]! - mean;
      }
      const { values: eigenvalues } = jacobiEigen(gram(centred, pixels, channels), channels);
      // |M·v|² is the largest eigenvalue λ of MᵀM, and Mᵀ·(M·v) = λ·v.
      expect(dot(projection, projection)).toBeCloseTo(Math.max(...eigenvalues), 8);
      const back = Float64Array.from({ length: channels }, (_, c) =>
        projection.reduce((s, x, p) => s + x * centred[p * channels + c]!, 0),
      );
      expect(dot(back, back) ** 0.5 / Math.max(...eigenvalues)).toBeCloseTo(1, 8);
      // The sign convention: the first channel's direction entry has the opposite sign of M₀₀.
      expect(Math.sign(back[0]!)).toBe(-Math.sign(centred[0]!));
    });
  }

  it('returns zeros for activations that are constant across pixels', () => {
    expect(Array.from(principalProjection(new Float64Array(12).fill(3), 4, 3))).toEqual([0, 0, 0, 0]);
  });
});
