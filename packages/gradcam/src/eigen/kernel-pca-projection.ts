import { largestEigenpair } from './largest-eigenpair';
import { centredColumns } from './principal-projection';

export interface SigmoidKernel {
  /** Default 1 / channels (sklearn's gamma=None). */
  gamma?: number;
  /** Default 1. */
  coef0?: number;
}

/**
 * The first kernel principal component of the rows of M (pixels × channels, row-major), centred per
 * channel, with the sigmoid kernel tanh(γ·⟨x, y⟩ + c₀), as sklearn's
 * KernelPCA(n_components=1).fit_transform: the top eigenvector u of the doubly centred kernel
 * matrix times √λ, its sign chosen so that its largest-magnitude entry is positive (svd_flip).
 */
export function kernelPcaProjection(
  values: ArrayLike<number>,
  pixels: number,
  channels: number,
  { gamma = 1 / channels, coef0 = 1 }: SigmoidKernel = {},
): Float64Array {
  const m = centredColumns(values, pixels, channels);
  const kernel = centredKernel(m, pixels, channels, gamma, coef0);
  const { value, vector: projection } = largestEigenpair(kernel, pixels);
  const scale = Math.sqrt(Math.max(value, 0));
  let largest = 0;
  for (let p = 0; p < pixels; p++) {
    if (Math.abs(projection[p]!) > Math.abs(projection[largest]!)) largest = p;
  }
  const sign = projection[largest]! < 0 ? -1 : 1;
  return projection.map((value) => sign * value * scale);
}

/** K − 1K − K1 + 1K1 for the sigmoid kernel K of the rows (1 = the all-1/n matrix). */
function centredKernel(
  m: Float64Array,
  n: number,
  channels: number,
  gamma: number,
  coef0: number,
): Float64Array {
  const k = new Float64Array(n * n);
  for (let p = 0; p < n; p++) {
    for (let q = p; q < n; q++) {
      let dot = 0;
      for (let c = 0; c < channels; c++) dot += m[p * channels + c]! * m[q * channels + c]!;
      const value = Math.tanh(gamma * dot + coef0);
      k[p * n + q] = value;
      k[q * n + p] = value;
    }
  }
  const rowMeans = new Float64Array(n);
  let total = 0;
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) rowMeans[p] = rowMeans[p]! + k[p * n + q]!;
    total += rowMeans[p]!;
    rowMeans[p] = rowMeans[p]! / n;
  }
  total /= n * n;
  for (let p = 0; p < n; p++)
    for (let q = 0; q < n; q++) k[p * n + q] = k[p * n + q]! - rowMeans[p]! - rowMeans[q]! + total;
  return k;
}
