import { topEigenvector } from './top-eigenvector';

/**
 * The projection of the rows of M (pixels × channels, row-major), centred per channel, on their
 * first principal direction: M·v for the top right singular vector v of the centred M, as
 * pytorch-grad-cam's `get_2d_projection` (NaN read as 0). The eigenproblem is solved on the
 * smaller Gram matrix, MᵀM (channels²) or MMᵀ (pixels²), whose top eigenvector u gives M·v = √λ·u.
 */
export function principalProjection(
  values: ArrayLike<number>,
  pixels: number,
  channels: number,
): Float64Array {
  const centred = centredColumns(values, pixels, channels);
  const projection =
    channels <= pixels
      ? projectOnChannelDirection(centred, pixels, channels)
      : projectThroughPixelGram(centred, pixels, channels);
  return orientLikeLapack(projection, centred, pixels, channels);
}

/** [pixels, channels] row-major, each channel's mean subtracted (NaN read as 0). */
export function centredColumns(values: ArrayLike<number>, pixels: number, channels: number): Float64Array {
  const m = new Float64Array(pixels * channels);
  for (let i = 0; i < m.length; i++) m[i] = Number.isNaN(values[i]!) ? 0 : values[i]!;
  for (let c = 0; c < channels; c++) {
    let mean = 0;
    for (let p = 0; p < pixels; p++) mean += m[p * channels + c]!;
    mean /= pixels;
    for (let p = 0; p < pixels; p++) m[p * channels + c] = m[p * channels + c]! - mean;
  }
  return m;
}

function projectOnChannelDirection(m: Float64Array, pixels: number, channels: number): Float64Array {
  const gram = new Float64Array(channels * channels);
  for (let p = 0; p < pixels; p++) {
    const row = p * channels;
    for (let i = 0; i < channels; i++) {
      const mi = m[row + i]!;
      if (mi !== 0)
        for (let j = i; j < channels; j++)
          gram[i * channels + j] = gram[i * channels + j]! + mi * m[row + j]!;
    }
  }
  mirrorUpperTriangle(gram, channels);
  const v = topEigenvector(gram, channels);
  const projection = new Float64Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += m[p * channels + c]! * v[c]!;
    projection[p] = sum;
  }
  return projection;
}

function projectThroughPixelGram(m: Float64Array, pixels: number, channels: number): Float64Array {
  const gram = new Float64Array(pixels * pixels);
  for (let p = 0; p < pixels; p++) {
    for (let q = p; q < pixels; q++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += m[p * channels + c]! * m[q * channels + c]!;
      gram[p * pixels + q] = sum;
    }
  }
  mirrorUpperTriangle(gram, pixels);
  const u = topEigenvector(gram, pixels);
  let eigenvalue = 0;
  for (let p = 0; p < pixels; p++) {
    let gu = 0;
    for (let q = 0; q < pixels; q++) gu += gram[p * pixels + q]! * u[q]!;
    eigenvalue += u[p]! * gu;
  }
  const singularValue = Math.sqrt(Math.max(eigenvalue, 0));
  return u.map((value) => value * singularValue);
}

function mirrorUpperTriangle(matrix: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) matrix[i * n + j] = matrix[j * n + i]!;
}

/**
 * Singular vectors have no intrinsic sign. numpy's LAPACK SVD (QR, then bidiagonalisation with
 * Householder reflections) mostly returns the v whose first entry has the sign of R₀₀ = −sign(M₀₀),
 * so we choose that: v₀·M₀₀ < 0, where v₀ ∝ M[:, 0]·projection. It reproduces the reference
 * fixture; on random matrices it agrees with LAPACK most of the time, not always. A channel that is
 * zero everywhere says nothing about the sign, so the first non-zero channel decides.
 */
function orientLikeLapack(
  projection: Float64Array,
  m: Float64Array,
  pixels: number,
  channels: number,
): Float64Array {
  for (let c = 0; c < channels; c++) {
    let alignment = 0;
    for (let p = 0; p < pixels; p++) alignment += m[p * channels + c]! * projection[p]!;
    if (alignment === 0) continue;
    const wantPositive = m[c]! < 0;
    if (alignment > 0 !== wantPositive) for (let p = 0; p < pixels; p++) projection[p] = -projection[p]!;
    return projection;
  }
  return projection;
}
