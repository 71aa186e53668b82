/**
 * out = offset + (x − mean) · scale / factor for rows [begin, end) of a [rows, channels] float32 x,
 * with per-channel mean, factor = √(variance + ε), scale and offset, rounded as tfjs-backend-wasm's C
 * loop rounds them, so results are bitwise its own: x − mean and the product with scale in float32
 * (Math.fround), the division and the sum in float64 (its factors are doubles), then float32. args (byte offsets into the wasm heap): [x, out, channels, table], where table holds the
 * four per-channel rows mean, factor, scale, offset. Self-contained: worker threads evaluate its source.
 */
export function batchNormLoop(buffer: ArrayBufferLike, args: readonly number[], begin: number, end: number) {
  const [xOffset, outOffset, channels, tableOffset] = args as [number, number, number, number];
  const span = (end - begin) * channels;
  const x = new Float32Array(buffer, xOffset + 4 * begin * channels, span);
  const out = new Float32Array(buffer, outOffset + 4 * begin * channels, span);
  const table = new Float32Array(buffer, tableOffset, 4 * channels);
  const mean = table.subarray(0, channels);
  const factor = table.subarray(channels, 2 * channels);
  const scale = table.subarray(2 * channels, 3 * channels);
  const offset = table.subarray(3 * channels);
  const f = Math.fround;
  for (let row = 0; row < span; row += channels) {
    for (let c = 0; c < channels; c++) {
      out[row + c] = offset[c]! + f(f(x[row + c]! - mean[c]!) * scale[c]!) / factor[c]!;
    }
  }
}
