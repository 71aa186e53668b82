import { describe, expect, it } from 'vitest';
import { seededNormal } from '../metrics/seeded-normal';
import { jacobiEigen } from './jacobi-eigen';
import { largestEigenpair } from './largest-eigenpair';

function symmetric(n: number, seed: number): Float64Array {
  const normal = seededNormal(seed);
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) m[i * n + j] = m[j * n + i] = normal();
  return m;
}

describe('largestEigenpair', () => {
  it('finds the largest algebraic eigenvalue of an indefinite matrix, above the Jacobi size too', () => {
    for (const n of [20, 90]) {
      const m = symmetric(n, n);
      // A dominant negative eigenvalue: power iteration without the shift would find it instead.
      for (let i = 0; i < n; i++) m[i * n + i] = m[i * n + i]! - (i === 0 ? 40 : 0);
      const { values, vectors } = jacobiEigen(m, n);
      const top = values.indexOf(Math.max(...values));
      const { value, vector } = largestEigenpair(m, n);
      expect(value).toBeCloseTo(values[top]!, 8);
      const sign = Math.sign(vector[0]! * vectors[top]!);
      for (let i = 0; i < n; i++) expect(vector[i]! * sign).toBeCloseTo(vectors[i * n + top]!, 6);
    }
  });
});
