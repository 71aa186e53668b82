/**
 * out[r] = weight · Σ_j x[r, j] for rows r in [begin, end) of a [rows, width] float32 matrix, each row
 * summed in float64 in order, so results do not depend on the thread count. args (byte offsets into
 * the wasm heap): [x, width, out, weight]. Self-contained: worker threads evaluate its source.
 */
export function rowSumsLoop(buffer: ArrayBufferLike, args: readonly number[], begin: number, end: number) {
  const [xOffset, width, outOffset, weight] = args as [number, number, number, number];
  const x = new Float32Array(buffer, xOffset + 4 * begin * width, (end - begin) * width);
  const out = new Float32Array(buffer, outOffset + 4 * begin, end - begin);
  for (let r = 0, i = 0; r < end - begin; r++) {
    let sum = 0;
    for (const last = i + width; i < last; i++) sum += x[i]!;
    out[r] = sum * weight;
  }
}
