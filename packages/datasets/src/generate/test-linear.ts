/**
 * Test helpers: a ridge-regression classifier (one-hot targets, argmax) and shape descriptors of
 * a masked object, to measure what a linear model can and cannot learn from a generated dataset.
 */

function solveSymmetric(matrix: Float64Array, n: number, rhs: Float64Array, columns: number): Float64Array {
  // Cholesky factorisation A = L·Lᵀ, then two triangular solves per right-hand side.
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(sum) : sum / l[j * n + j]!;
    }
  }
  const x = new Float64Array(n * columns);
  for (let c = 0; c < columns; c++) {
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = rhs[i * columns + c]!;
      for (let k = 0; k < i; k++) sum -= l[i * n + k]! * y[k]!;
      y[i] = sum / l[i * n + i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = y[i]!;
      for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k * columns + c]!;
      x[i * columns + c] = sum / l[i * n + i]!;
    }
  }
  return x;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Standardises features with the training mean and deviation, appending a constant 1. */
function standardiser(train: Float64Array[]): (row: Float64Array) => Float64Array {
  const d = train[0]!.length;
  const mean = new Float64Array(d);
  const deviation = new Float64Array(d);
  for (const row of train) for (let j = 0; j < d; j++) mean[j]! += row[j]! / train.length;
  for (const row of train)
    for (let j = 0; j < d; j++) deviation[j]! += (row[j]! - mean[j]!) ** 2 / train.length;
  return (row) => {
    const out = new Float64Array(d + 1);
    for (let j = 0; j < d; j++) out[j] = (row[j]! - mean[j]!) / (Math.sqrt(deviation[j]!) || 1);
    out[d] = 1;
    return out;
  };
}

/**
 * Test accuracy of ridge regression onto one-hot labels, solved in its kernel (dual) form so that
 * thousands of pixel features cost no more than a handful.
 */
export function ridgeAccuracy(
  train: { rows: Float64Array[]; labels: ArrayLike<number> },
  test: { rows: Float64Array[]; labels: ArrayLike<number> },
  classes: number,
  lambda: number,
): number {
  const standardise = standardiser(train.rows);
  const x = train.rows.map(standardise);
  const n = x.length;
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) gram[i * n + j] = gram[j * n + i] = dot(x[i]!, x[j]!);
  for (let i = 0; i < n; i++) gram[i * n + i]! += lambda;
  const targets = new Float64Array(n * classes);
  for (let i = 0; i < n; i++) targets[i * classes + train.labels[i]!] = 1;
  const alpha = solveSymmetric(gram, n, targets, classes);
  let correct = 0;
  test.rows.forEach((row, t) => {
    const z = standardise(row);
    const scores = new Float64Array(classes);
    for (let i = 0; i < n; i++) {
      const k = dot(z, x[i]!);
      for (let c = 0; c < classes; c++) scores[c]! += k * alpha[i * classes + c]!;
    }
    if (scores.indexOf(Math.max(...scores)) === test.labels[t]) correct++;
  });
  return correct / test.rows.length;
}

/** Background pixels not reachable from the border: the object's holes. */
function holeArea(mask: Uint8Array, side: number): number {
  const reached = new Uint8Array(mask.length);
  const stack: number[] = [];
  for (let i = 0; i < side; i++) stack.push(i, (side - 1) * side + i, i * side, i * side + side - 1);
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (reached[p] || mask[p]) continue;
    reached[p] = 1;
    const [x, y] = [p % side, Math.floor(p / side)];
    if (x > 0) stack.push(p - 1);
    if (x < side - 1) stack.push(p + 1);
    if (y > 0) stack.push(p - side);
    if (y < side - 1) stack.push(p + side);
  }
  return mask.reduce((holes, m, p) => holes + (m === 0 && !reached[p] ? 1 : 0), 0);
}

/**
 * Position-, rotation- and colour-free descriptors of the masked object: radial profile, extent,
 * boundary length, holes, and colour variation inside it (texture).
 */
export function shapeDescriptors(image: Uint8Array, mask: Uint8Array, side: number): Float64Array {
  const points: Array<[number, number]> = [];
  let boundary = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    const [x, y] = [p % side, Math.floor(p / side)];
    points.push([x, y]);
    if (!mask[p - 1] || !mask[p + 1] || !mask[p - side] || !mask[p + side]) boundary++;
  }
  const area = Math.max(1, points.length);
  const cx = points.reduce((s, [x]) => s + x, 0) / area;
  const cy = points.reduce((s, [, y]) => s + y, 0) / area;
  const radii = points.map(([x, y]) => Math.hypot(x - cx, y - cy) / Math.sqrt(area));
  const histogram = new Array(8).fill(0);
  for (const r of radii) histogram[Math.min(7, Math.floor(r / 0.2))] += 1 / area;
  const colourDeviation = [0, 1, 2].map((c) => {
    const values = points.map(([x, y]) => image[(y * side + x) * 3 + c]!);
    const mean = values.reduce((s, v) => s + v, 0) / area;
    return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / area) / 64;
  });
  const features = [
    ...histogram,
    Math.max(...radii),
    boundary / area,
    holeArea(mask, side) / area,
    ...colourDeviation,
  ];
  const products = features.flatMap((a, i) => features.slice(i).map((b) => a * b));
  return Float64Array.from([...features, ...products]);
}
