/**
 * out[j] = weight · Σ_r x[r, j] for columns j in [begin, end) of a [rows, width] float32 matrix,
 * summed in float64 four rows per pass. args (byte offsets into the wasm heap): [x, rows, width, out,
 * weight]. Each column is summed in the same order whatever the split, so results do not depend on
 * the thread count. Self-contained: worker threads evaluate its source.
 */
export function columnSumsLoop(buffer: ArrayBufferLike, args: readonly number[], begin: number, end: number) {
  const [xOffset, rows, width, outOffset, weight] = args as [number, number, number, number, number];
  const x = new Float32Array(buffer, xOffset, rows * width);
  const out = new Float32Array(buffer, outOffset, width);
  const sums = new Float64Array(end - begin);
  const span = end - begin;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const a = r * width + begin;
    const b = a + width;
    const c = b + width;
    const d = c + width;
    for (let j = 0; j < span; j++) sums[j]! += x[a + j]! + x[b + j]! + x[c + j]! + x[d + j]!;
  }
  for (; r < rows; r++) for (let j = 0; j < span; j++) sums[j]! += x[r * width + begin + j]!;
  for (let j = 0; j < span; j++) out[begin + j] = sums[j]! * weight;
}
