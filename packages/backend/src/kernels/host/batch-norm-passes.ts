import type { LoopName } from '../wasm/parallel-for';

/** Rows per block of the channel sums: fixed, so that the sums do not depend on the thread count. */
const BLOCK_ROWS = 256;
/** The least work (values read) worth handing to another thread. */
const MIN_VALUES_PER_PART = 1 << 16;

/**
 * Where the batch-norm passes run: one buffer holding x, dy, out ([rows, channels] float32) and a
 * float64 scratch (byte offsets, 8-byte aligned: partials, then a table of 3 values per channel),
 * and how to run a heap loop over it (split over the threads on wasm, inline on cpu).
 */
export interface PassSpace {
  buffer: ArrayBufferLike;
  rows: number;
  channels: number;
  x: number;
  /** dy's offset (x's in the forward pass). */
  dy: number;
  out: number;
  scratch: number;
  run(loop: LoopName, args: number[], total: number, minPart: number): void;
}

/** float64 values the scratch holds for `rows` × `channels`. */
export function scratchLength(rows: number, channels: number): number {
  return (2 * Math.ceil(rows / BLOCK_ROWS) + 3) * channels;
}

/** Per channel Σ (w − wShift) and Σ (w − wShift)·(x − shift) over all rows (channel-sums-loop.ts). */
function channelSums(space: PassSpace, w: number, wShift: ArrayLike<number>, shift: ArrayLike<number>) {
  const { buffer, rows, channels, scratch } = space;
  const blocks = Math.ceil(rows / BLOCK_ROWS);
  const tableOffset = scratch + 16 * blocks * channels;
  const table = new Float64Array(buffer, tableOffset, 2 * channels);
  for (let c = 0; c < channels; c++) {
    table[2 * c] = wShift[c]!;
    table[2 * c + 1] = shift[c]!;
  }
  const args = [space.x, w, rows, channels, scratch, BLOCK_ROWS, tableOffset];
  space.run('channelSums', args, blocks, Math.ceil(MIN_VALUES_PER_PART / (2 * BLOCK_ROWS * channels)));
  const partials = new Float64Array(buffer, scratch, 2 * blocks * channels);
  const sums = partials.slice(0, 2 * channels);
  for (let b = 1; b < blocks; b++)
    for (let j = 0; j < 2 * channels; j++) sums[j]! += partials[2 * b * channels + j]!;
  return { first: sums.subarray(0, channels), second: sums.subarray(channels) };
}

/** out = u·a + v·b + d per channel over all rows (channel-affine-loop.ts); `coefficients(c)` = [a, b, d]. */
function channelAffine(space: PassSpace, u: number, coefficients: (c: number) => [number, number, number]) {
  const { buffer, rows, channels, scratch } = space;
  const tableOffset = scratch + 16 * Math.ceil(rows / BLOCK_ROWS) * channels;
  const table = new Float64Array(buffer, tableOffset, 3 * channels);
  for (let c = 0; c < channels; c++) table.set(coefficients(c), 3 * c);
  const args = [u, space.x, space.out, channels, tableOffset];
  space.run('channelAffine', args, rows, Math.ceil(MIN_VALUES_PER_PART / (2 * channels)));
}

export interface NormParameters {
  gamma: Float32Array;
  beta?: Float32Array;
  centered: boolean;
  epsilon: number;
}

/**
 * out = (x − μ?)·r·γ + β with r = 1/√(σ² + ε), and stats = [μ, σ²] per channel (float32, biased
 * variance). The moments are summed around the first row's values in float64, so a large mean does
 * not cancel the variance away; out uses the float32 statistics, as the gradient does.
 */
export function batchNormForward(space: PassSpace, stats: Float32Array, norm: NormParameters): void {
  const { rows, channels } = space;
  const firstRow = new Float32Array(space.buffer, space.x, channels).slice();
  const { first, second } = channelSums(space, space.x, firstRow, firstRow);
  for (let c = 0; c < channels; c++) {
    const shiftedMean = first[c]! / rows;
    stats[c] = firstRow[c]! + shiftedMean;
    stats[channels + c] = Math.max(0, second[c]! / rows - shiftedMean * shiftedMean);
  }
  channelAffine(space, space.x, (c) => {
    const scale = norm.gamma[c]! / Math.sqrt(stats[channels + c]! + norm.epsilon);
    const shift = norm.centered ? stats[c]! * scale : 0;
    return [scale, 0, (norm.beta?.[c] ?? 0) - shift];
  });
}

/**
 * dx into out, and dγ, dβ, from x, dy and the forward's stats. With g = dy·γ, x̂ = (x − c·μ)·r
 * (c = 1 when centered) and M = rows: dx = r·(g − c·mean(g) − (x − μ)·r·mean(g·x̂)), the last term
 * (the variance's) left out when the variance is detached; dγ = Σ dy·x̂, dβ = Σ dy.
 */
export function batchNormGradient(
  space: PassSpace,
  stats: Float32Array,
  norm: NormParameters & { detachVariance: boolean },
): { dGamma: Float64Array; dBeta: Float64Array } {
  const { rows, channels } = space;
  const mean = stats.subarray(0, channels);
  const r = Array.from(stats.subarray(channels), (variance) => 1 / Math.sqrt(variance + norm.epsilon));
  const shift = norm.centered ? mean : new Float32Array(channels);
  const { first: dBeta, second } = channelSums(space, space.dy, new Float64Array(channels), shift);
  const dGamma = second.map((s, c) => s * r[c]!);
  channelAffine(space, space.dy, (c) => {
    const [gamma, rc] = [norm.gamma[c]!, r[c]!];
    const meanG = norm.centered ? (gamma * dBeta[c]!) / rows : 0;
    const meanGXhat = norm.detachVariance ? 0 : (gamma * dGamma[c]!) / rows;
    const varianceSlope = rc * rc * meanGXhat;
    return [rc * gamma, -varianceSlope, varianceSlope * mean[c]! - rc * meanG];
  });
  return { dGamma, dBeta };
}
