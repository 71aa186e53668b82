/**
 * The eigenvector of the largest eigenvalue of a symmetric positive semi-definite n×n matrix by power
 * iteration, in float64, started from the column with the largest diagonal entry (which lies in the
 * matrix's range). Stops when the unit vector moves less than `tolerance`.
 */
export function powerIteration(
  matrix: Float64Array,
  n: number,
  { maxIterations = 5000, tolerance = 1e-12 } = {},
): Float64Array {
  let vector = normalised(column(matrix, n, largestDiagonal(matrix, n)));
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const next = normalised(multiply(matrix, n, vector));
    let moved = 0;
    for (let i = 0; i < n; i++) moved += (next[i]! - vector[i]!) ** 2;
    vector = next;
    if (moved < tolerance * tolerance) break;
  }
  return vector;
}

function largestDiagonal(matrix: Float64Array, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (matrix[i * n + i]! > matrix[best * n + best]!) best = i;
  return best;
}

function column(matrix: Float64Array, n: number, j: number): Float64Array {
  const result = new Float64Array(n);
  for (let i = 0; i < n; i++) result[i] = matrix[i * n + j]!;
  return result;
}

function multiply(matrix: Float64Array, n: number, vector: Float64Array): Float64Array {
  const result = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += matrix[i * n + j]! * vector[j]!;
    result[i] = sum;
  }
  return result;
}

/** The unit vector along `vector`, or `vector` itself when it is zero (a zero matrix has no direction). */
function normalised(vector: Float64Array): Float64Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm === 0) return vector;
  for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / norm;
  return vector;
}
