/** ROAD's neighbours (dy, dx) and weights: 1/6 for the four edge neighbours, 1/12 for the diagonals. */
const NEIGHBOURS: ReadonlyArray<readonly [number, number, number]> = [
  [1, 1, 1 / 12],
  [0, 1, 1 / 6],
  [-1, 1, 1 / 12],
  [1, -1, 1 / 12],
  [0, -1, 1 / 6],
  [-1, -1, 1 / 12],
  [1, 0, 1 / 6],
  [-1, 0, 1 / 6],
];

export interface ImageLayout {
  height: number;
  width: number;
  channels: number;
}

/**
 * ROAD's noisy linear imputation (Rong et al. 2022): every removed pixel becomes the weighted mean
 * of its 8 neighbours inside the image, removed or kept, which is one sparse linear system over the
 * removed pixels per channel; then Gaussian noise of std `noise` is added to the imputed values.
 * `image` is HWC row-major; `keep[pixel]` is 1 for pixels that stay. A region of removed pixels with
 * no kept neighbour at all (only when nothing is kept) has no anchor and becomes 0 plus noise.
 */
export function noisyLinearImputation(
  image: Float32Array,
  layout: ImageLayout,
  keep: Uint8Array,
  noise: number,
  normal: () => number,
): Float32Array {
  const system = imputationSystem(layout, keep);
  const result = Float32Array.from(image);
  const { channels } = layout;
  for (let c = 0; c < channels; c++) {
    const rhs = system.knownNeighbourSums(image, c);
    const solution = conjugateGradient(system, rhs);
    system.removed.forEach((pixel, u) => {
      result[pixel * channels + c] = solution[u]! + noise * normal();
    });
  }
  return result;
}

/** The system L·x = b over the removed pixels: L = diag(Σ in-image weights) − (weights between removed pixels). */
interface ImputationSystem {
  removed: number[];
  diagonal: Float64Array;
  /** CSR lists of removed neighbours (unknown index, weight) per removed pixel. */
  neighbourStart: Int32Array;
  neighbourIndex: Int32Array;
  neighbourWeight: Float64Array;
  knownNeighbourSums(image: Float32Array, channel: number): Float64Array;
}

function imputationSystem({ height, width, channels }: ImageLayout, keep: Uint8Array): ImputationSystem {
  const removed: number[] = [];
  const unknownOf = new Int32Array(height * width).fill(-1);
  for (let pixel = 0; pixel < height * width; pixel++) {
    if (!keep[pixel]) unknownOf[pixel] = removed.push(pixel) - 1;
  }
  const diagonal = new Float64Array(removed.length);
  const neighbourStart = new Int32Array(removed.length + 1);
  const unknownNeighbours: number[] = [];
  const unknownWeights: number[] = [];
  const known: Array<Array<readonly [number, number]>> = [];
  removed.forEach((pixel, u) => {
    const y = Math.floor(pixel / width);
    const x = pixel % width;
    const knownHere: Array<readonly [number, number]> = [];
    for (const [dy, dx, weight] of NEIGHBOURS) {
      const ny = y + dy;
      const nx = x + dx;
      if (ny < 0 || nx < 0 || ny >= height || nx >= width) continue;
      diagonal[u] = diagonal[u]! + weight;
      const neighbour = ny * width + nx;
      if (unknownOf[neighbour]! >= 0) {
        unknownNeighbours.push(unknownOf[neighbour]!);
        unknownWeights.push(weight);
      } else knownHere.push([neighbour, weight]);
    }
    known.push(knownHere);
    neighbourStart[u + 1] = unknownNeighbours.length;
  });
  return {
    removed,
    diagonal,
    neighbourStart,
    neighbourIndex: Int32Array.from(unknownNeighbours),
    neighbourWeight: Float64Array.from(unknownWeights),
    knownNeighbourSums: (image, channel) =>
      Float64Array.from(known, (list) =>
        list.reduce((sum, [pixel, weight]) => sum + weight * image[pixel * channels + channel]!, 0),
      ),
  };
}

function applySystem(system: ImputationSystem, x: Float64Array): Float64Array {
  const result = new Float64Array(x.length);
  for (let u = 0; u < x.length; u++) {
    let sum = system.diagonal[u]! * x[u]!;
    for (let k = system.neighbourStart[u]!; k < system.neighbourStart[u + 1]!; k++) {
      sum -= system.neighbourWeight[k]! * x[system.neighbourIndex[k]!]!;
    }
    result[u] = sum;
  }
  return result;
}

/** Jacobi-preconditioned conjugate gradients; L is symmetric (the weights are) and positive semi-definite. */
function conjugateGradient(system: ImputationSystem, b: Float64Array, tolerance = 1e-10): Float64Array {
  const n = b.length;
  const x = new Float64Array(n);
  const r = Float64Array.from(b);
  const z = r.map((value, u) => value / system.diagonal[u]!);
  const p = Float64Array.from(z);
  let rz = dot(r, z);
  const stop = tolerance * Math.sqrt(dot(b, b));
  for (let iteration = 0; iteration < 10 * n && Math.sqrt(dot(r, r)) > stop; iteration++) {
    const ap = applySystem(system, p);
    const curvature = dot(p, ap);
    if (!(curvature > 0)) break;
    const alpha = rz / curvature;
    for (let u = 0; u < n; u++) {
      x[u] = x[u]! + alpha * p[u]!;
      r[u] = r[u]! - alpha * ap[u]!;
      z[u] = r[u]! / system.diagonal[u]!;
    }
    const next = dot(r, z);
    const beta = next / rz;
    rz = next;
    for (let u = 0; u < n; u++) p[u] = z[u]! + beta * p[u]!;
  }
  return x;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
