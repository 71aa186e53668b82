/** A [k, n] matrix stored as panels of 4 columns: element (r, j) at ((j >> 2) · k + r) · 4 + (j & 3). */
export interface ColumnPanels {
  readonly k: number;
  readonly n: number;
  readonly data: Float32Array;
}

/** Packs b (element (r, j) at r · rowStride + j · columnStride) into 4-column panels, zero-padded. */
export function packColumnPanels(
  b: Float32Array,
  k: number,
  n: number,
  rowStride: number,
  columnStride: number,
): ColumnPanels {
  const data = new Float32Array(Math.ceil(n / 4) * k * 4);
  for (let j = 0; j < n; j++) {
    const base = (j >> 2) * k * 4 + (j & 3);
    for (let r = 0; r < k; r++) data[base + r * 4] = b[r * rowStride + j * columnStride]!;
  }
  return { k, n, data };
}

/**
 * c[m, n] (+)= a[m, k] · b, row-major a and c. Blocks of 4 rows × 4 columns keep 16 sums in
 * registers (float64, rounded once when stored), 4–6× the speed of the row-times-scalar loop nest
 * of tfjs' cpu convolutions.
 */
export function gemm(
  a: Float32Array,
  b: ColumnPanels,
  c: Float32Array,
  m: number,
  accumulate: boolean,
): void {
  const { k, n, data } = b;
  const rows4 = m - (m % 4);
  for (let i = 0; i < rows4; i += 4) {
    for (let j = 0; j < n; j += 4) multiplyBlock(a, data, c, i, j, k, n, accumulate);
  }
  for (let i = rows4; i < m; i++) {
    for (let j = 0; j < n; j += 4) multiplyRow(a, data, c, i, j, k, n, accumulate);
  }
}

function multiplyBlock(
  a: Float32Array,
  panels: Float32Array,
  c: Float32Array,
  i: number,
  j: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  const a0 = i * k;
  const a1 = a0 + k;
  const a2 = a1 + k;
  const a3 = a2 + k;
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0,
    c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0,
    c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  let p = (j >> 2) * k * 4;
  for (let r = 0; r < k; r++, p += 4) {
    const b0 = panels[p]!;
    const b1 = panels[p + 1]!;
    const b2 = panels[p + 2]!;
    const b3 = panels[p + 3]!;
    const x0 = a[a0 + r]!;
    const x1 = a[a1 + r]!;
    const x2 = a[a2 + r]!;
    const x3 = a[a3 + r]!;
    c00 += x0 * b0;
    c01 += x0 * b1;
    c02 += x0 * b2;
    c03 += x0 * b3;
    c10 += x1 * b0;
    c11 += x1 * b1;
    c12 += x1 * b2;
    c13 += x1 * b3;
    c20 += x2 * b0;
    c21 += x2 * b1;
    c22 += x2 * b2;
    c23 += x2 * b3;
    c30 += x3 * b0;
    c31 += x3 * b1;
    c32 += x3 * b2;
    c33 += x3 * b3;
  }
  storeRow(c, i * n + j, n - j, accumulate, c00, c01, c02, c03);
  storeRow(c, (i + 1) * n + j, n - j, accumulate, c10, c11, c12, c13);
  storeRow(c, (i + 2) * n + j, n - j, accumulate, c20, c21, c22, c23);
  storeRow(c, (i + 3) * n + j, n - j, accumulate, c30, c31, c32, c33);
}

function multiplyRow(
  a: Float32Array,
  panels: Float32Array,
  c: Float32Array,
  i: number,
  j: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  const a0 = i * k;
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let c3 = 0;
  let p = (j >> 2) * k * 4;
  for (let r = 0; r < k; r++, p += 4) {
    const x = a[a0 + r]!;
    c0 += x * panels[p]!;
    c1 += x * panels[p + 1]!;
    c2 += x * panels[p + 2]!;
    c3 += x * panels[p + 3]!;
  }
  storeRow(c, i * n + j, n - j, accumulate, c0, c1, c2, c3);
}

/** Stores the first `columns` (up to 4) of a block row at c[at…]. */
function storeRow(
  c: Float32Array,
  at: number,
  columns: number,
  accumulate: boolean,
  v0: number,
  v1: number,
  v2: number,
  v3: number,
): void {
  if (accumulate) {
    c[at]! += v0;
    if (columns > 1) c[at + 1]! += v1;
    if (columns > 2) c[at + 2]! += v2;
    if (columns > 3) c[at + 3]! += v3;
  } else {
    c[at] = v0;
    if (columns > 1) c[at + 1] = v1;
    if (columns > 2) c[at + 2] = v2;
    if (columns > 3) c[at + 3] = v3;
  }
}
