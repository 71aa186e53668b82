/**
 * matplotlib's 'jet' (from MATLAB): per channel, a piecewise-linear function given by its breakpoints
 * (x, value). Blue at 0, through cyan, yellow to dark red at 1.
 */
const JET_SEGMENTS: ReadonlyArray<ReadonlyArray<readonly [number, number]>> = [
  [
    [0, 0],
    [0.35, 0],
    [0.66, 1],
    [0.89, 1],
    [1, 0.5],
  ],
  [
    [0, 0],
    [0.125, 0],
    [0.375, 1],
    [0.64, 1],
    [0.91, 0],
    [1, 0],
  ],
  [
    [0, 0.5],
    [0.11, 1],
    [0.34, 1],
    [0.65, 0],
    [1, 0],
  ],
];

/** The 256-entry jet table, RGB in [0, 1], row-major [256, 3]. */
export function jetTable(): Float32Array {
  const table = new Float32Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    JET_SEGMENTS.forEach((segments, channel) => {
      table[i * 3 + channel] = piecewiseLinear(segments, i / 255);
    });
  }
  return table;
}

function piecewiseLinear(points: ReadonlyArray<readonly [number, number]>, x: number): number {
  for (let k = 1; k < points.length; k++) {
    const [x0, y0] = points[k - 1]!;
    const [x1, y1] = points[k]!;
    if (x <= x1) return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return points[points.length - 1]![1];
}
