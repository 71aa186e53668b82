import { seededNormal } from '../metrics/seeded-normal';

export interface NmfOptions {
  /** Starting factors (W [rows × k], H [k × cols], row-major, non-negative); default random. */
  init?: { w: ArrayLike<number>; h: ArrayLike<number> };
  /** Default 200 (sklearn's). */
  maxIter?: number;
  /** Stop when the projected-gradient violation falls below tol × that of the first sweep. Default 1e-4. */
  tol?: number;
  /** Seed of the random start. Default 0. */
  seed?: number;
}

export interface NmfResult {
  /** [rows × k] row-major. */
  w: Float64Array;
  /** [k × cols] row-major. */
  h: Float64Array;
  iterations: number;
}

/**
 * Non-negative matrix factorisation X ≈ W·H (Frobenius loss) by cyclic coordinate descent, as
 * sklearn's NMF(solver='cd'): each sweep updates every entry of W, then of H, by its exact
 * one-dimensional Newton step clipped at 0. Random start as sklearn's: |N(0, 1)|·√(mean X / k).
 */
export function nmf(
  x: ArrayLike<number>,
  rows: number,
  cols: number,
  k: number,
  options: NmfOptions = {},
): NmfResult {
  const { maxIter = 200, tol = 1e-4 } = options;
  checkInput(x, rows, cols, k);
  const { w, h } = startingFactors(x, rows, cols, k, options);
  const xt = transpose(x, rows, cols);
  const ht = transpose(h, k, cols);
  let first = 0;
  let iterations = 0;
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    iterations = iteration;
    let violation = updateFactor(x, w, ht, rows, cols, k);
    violation += updateFactor(xt, ht, w, cols, rows, k);
    if (iteration === 1) first = violation;
    if (first === 0 || violation / first <= tol) break;
  }
  return { w, h: transpose(ht, cols, k), iterations };
}

function checkInput(x: ArrayLike<number>, rows: number, cols: number, k: number): void {
  if (x.length !== rows * cols) throw new Error(`nmf: X has ${x.length} values, expected ${rows}×${cols}`);
  if (!(Number.isInteger(k) && k > 0))
    throw new Error(`nmf: components must be a positive integer, got ${k}`);
  for (let i = 0; i < x.length; i++) {
    if (!(x[i]! >= 0)) throw new Error(`nmf: X must be non-negative and finite, found ${x[i]} at ${i}`);
  }
}

function startingFactors(
  x: ArrayLike<number>,
  rows: number,
  cols: number,
  k: number,
  { init, seed = 0 }: NmfOptions,
): { w: Float64Array; h: Float64Array } {
  if (init) {
    if (init.w.length !== rows * k || init.h.length !== k * cols)
      throw new Error(`nmf: init must be W ${rows}×${k} and H ${k}×${cols}`);
    return { w: Float64Array.from(init.w), h: Float64Array.from(init.h) };
  }
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i]!;
  const scale = Math.sqrt(mean / x.length / k);
  const normal = seededNormal(seed);
  const h = Float64Array.from({ length: k * cols }, () => Math.abs(scale * normal()));
  const w = Float64Array.from({ length: rows * k }, () => Math.abs(scale * normal()));
  return { w, h };
}

/**
 * One coordinate-descent sweep over W ([n × k]) for X ([n × m]) ≈ W·Hᵀ with Ht [m × k]; returns
 * the summed projected-gradient violation (sklearn's _update_cdnmf_fast).
 */
function updateFactor(
  x: ArrayLike<number>,
  w: Float64Array,
  ht: Float64Array,
  n: number,
  m: number,
  k: number,
): number {
  const hht = new Float64Array(k * k);
  const xht = new Float64Array(n * k);
  for (let j = 0; j < m; j++)
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) hht[a * k + b] = hht[a * k + b]! + ht[j * k + a]! * ht[j * k + b]!;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++) {
      const value = x[i * m + j]!;
      if (value !== 0) for (let t = 0; t < k; t++) xht[i * k + t] = xht[i * k + t]! + value * ht[j * k + t]!;
    }
  let violation = 0;
  for (let t = 0; t < k; t++) {
    const hess = hht[t * k + t]!;
    for (let i = 0; i < n; i++) {
      let gradient = -xht[i * k + t]!;
      for (let r = 0; r < k; r++) gradient += hht[t * k + r]! * w[i * k + r]!;
      violation += Math.abs(w[i * k + t] === 0 ? Math.min(0, gradient) : gradient);
      if (hess !== 0) w[i * k + t] = Math.max(w[i * k + t]! - gradient / hess, 0);
    }
  }
  return violation;
}

function transpose(values: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const result = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) result[j * rows + i] = values[i * cols + j]!;
  return result;
}
