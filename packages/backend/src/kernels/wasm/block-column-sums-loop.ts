/**
 * partials[b, j] = Σ_r x[r, j] over the rows of blocks b in [begin, end) of a [rows, width] float32
 * matrix (block b: rows [b·blockRows, (b + 1)·blockRows)), in float64, four rows per pass. args (byte
 * offsets into the wasm heap): [x, rows, width, partials (float64, 8-byte aligned), blockRows]. Each
 * thread reads only its own rows (splitting columns instead has every thread read every cache line),
 * and the blocks do not depend on the thread count, so neither do the sums. Self-contained: worker
 * threads evaluate its source.
 */
export function blockColumnSumsLoop(
  buffer: ArrayBufferLike,
  args: readonly number[],
  begin: number,
  end: number,
) {
  const [xOffset, rows, width, partialsOffset, blockRows] = args as [number, number, number, number, number];
  const x = new Float32Array(buffer, xOffset, rows * width);
  for (let b = begin; b < end; b++) {
    const sums = new Float64Array(buffer, partialsOffset + 8 * b * width, width);
    sums.fill(0);
    const last = Math.min(rows, (b + 1) * blockRows);
    let r = b * blockRows;
    for (; r + 4 <= last; r += 4) {
      const a = r * width;
      const p = a + width;
      const q = p + width;
      const s = q + width;
      for (let j = 0; j < width; j++) sums[j]! += x[a + j]! + x[p + j]! + x[q + j]! + x[s + j]!;
    }
    for (; r < last; r++) for (let j = 0; j < width; j++) sums[j]! += x[r * width + j]!;
  }
}
