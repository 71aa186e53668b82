import { jacobiEigen } from './jacobi-eigen';
import { powerIteration } from './power-iteration';

/** Up to this size a full Jacobi decomposition (exact, O(n³) per sweep) is cheap; above it, power iteration. */
const JACOBI_LIMIT = 64;

/** The unit eigenvector of the largest eigenvalue of a symmetric PSD n×n matrix (row-major). */
export function topEigenvector(matrix: Float64Array, n: number): Float64Array {
  if (n > JACOBI_LIMIT) return powerIteration(matrix, n);
  const { values, vectors } = jacobiEigen(matrix, n);
  let best = 0;
  for (let i = 1; i < n; i++) if (values[i]! > values[best]!) best = i;
  const result = new Float64Array(n);
  for (let i = 0; i < n; i++) result[i] = vectors[i * n + best]!;
  return result;
}
