import { jacobiEigen } from './jacobi-eigen';
import { powerIteration } from './power-iteration';

/** Up to this size a full Jacobi decomposition is cheap; above it, shifted power iteration + Rayleigh quotient iteration. */
const JACOBI_LIMIT = 64;

/**
 * The largest (algebraic, not absolute) eigenvalue of a symmetric n×n matrix (row-major) and its
 * unit eigenvector, for matrices that may be indefinite (a centred sigmoid kernel). Large matrices:
 * power iteration on A + sI, s ≥ the spectral radius (Gershgorin), which makes the largest
 * eigenvalue the dominant one, then Rayleigh quotient iteration to full precision.
 */
export function largestEigenpair(matrix: Float64Array, n: number): { value: number; vector: Float64Array } {
  if (n <= JACOBI_LIMIT) {
    const { values, vectors } = jacobiEigen(matrix, n);
    let top = 0;
    for (let i = 1; i < n; i++) if (values[i]! > values[top]!) top = i;
    return { value: values[top]!, vector: Float64Array.from({ length: n }, (_, i) => vectors[i * n + top]!) };
  }
  const shift = gershgorinRadius(matrix, n);
  const shifted = Float64Array.from(matrix);
  for (let i = 0; i < n; i++) shifted[i * n + i] = shifted[i * n + i]! + shift;
  let vector = powerIteration(shifted, n, { maxIterations: 200, tolerance: 1e-6 });
  for (let step = 0; step < 5; step++) {
    const next = solveShifted(matrix, n, rayleighQuotient(matrix, n, vector), vector);
    if (!next) break;
    vector = next;
  }
  return { value: rayleighQuotient(matrix, n, vector), vector };
}

function gershgorinRadius(matrix: Float64Array, n: number): number {
  let radius = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += Math.abs(matrix[i * n + j]!);
    radius = Math.max(radius, sum);
  }
  return radius;
}

function rayleighQuotient(matrix: Float64Array, n: number, v: Float64Array): number {
  let value = 0;
  for (let i = 0; i < n; i++) {
    let row = 0;
    for (let j = 0; j < n; j++) row += matrix[i * n + j]! * v[j]!;
    value += v[i]! * row;
  }
  return value;
}

/**
 * The unit solution of (A − μI)·y = b by Gaussian elimination with partial pivoting, oriented like
 * b; undefined once A − μI is singular to working precision (μ is then the eigenvalue).
 */
function solveShifted(
  matrix: Float64Array,
  n: number,
  mu: number,
  b: Float64Array,
): Float64Array | undefined {
  const a = Float64Array.from(matrix);
  for (let i = 0; i < n; i++) a[i * n + i] = a[i * n + i]! - mu;
  const y = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++)
      if (Math.abs(a[row * n + col]!) > Math.abs(a[pivot * n + col]!)) pivot = row;
    if (Math.abs(a[pivot * n + col]!) < 1e-300) return undefined;
    if (pivot !== col) {
      for (let j = 0; j < n; j++) [a[col * n + j], a[pivot * n + j]] = [a[pivot * n + j]!, a[col * n + j]!];
      [y[col], y[pivot]] = [y[pivot]!, y[col]!];
    }
    for (let row = col + 1; row < n; row++) {
      const factor = a[row * n + col]! / a[col * n + col]!;
      if (factor === 0) continue;
      for (let j = col; j < n; j++) a[row * n + j] = a[row * n + j]! - factor * a[col * n + j]!;
      y[row] = y[row]! - factor * y[col]!;
    }
  }
  for (let row = n - 1; row >= 0; row--) {
    let sum = y[row]!;
    for (let j = row + 1; j < n; j++) sum -= a[row * n + j]! * y[j]!;
    y[row] = sum / a[row * n + row]!;
  }
  let norm = 0;
  let along = 0;
  for (let i = 0; i < n; i++) {
    norm += y[i]! * y[i]!;
    along += y[i]! * b[i]!;
  }
  if (!Number.isFinite(norm) || norm === 0) return undefined;
  const scale = (along < 0 ? -1 : 1) / Math.sqrt(norm);
  return y.map((value) => value * scale);
}
