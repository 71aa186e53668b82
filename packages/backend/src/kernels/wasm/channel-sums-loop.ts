/**
 * For blocks b in [begin, end) of rows [b·blockRows, (b + 1)·blockRows) of two [rows, channels]
 * float32 matrices x and w, the per-channel float64 sums Σ (w − wShift) and Σ (w − wShift)·(x − shift):
 * with w = x and both shifts a value of the channel, the shifted first and second moments of x (the
 * batch-norm statistics); with w = dy, no wShift and shift = the mean (or 0), the sums of the gradient.
 * partials[b] = [first sums of the channels, then second sums]. args (byte offsets into the wasm heap):
 * [x, w, rows, channels, partials (float64, 8-byte aligned), blockRows, table (float64: wShift, shift
 * of each channel in turn)]. The blocks depend on the shape only, so the sums do not depend on the
 * thread count. Self-contained: worker threads evaluate its source.
 */
export function channelSumsLoop(
  buffer: ArrayBufferLike,
  args: readonly number[],
  begin: number,
  end: number,
) {
  const [xOffset, wOffset, rows, channels, partialsOffset, blockRows, tableOffset] = args as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const x = new Float32Array(buffer, xOffset, rows * channels);
  const w = new Float32Array(buffer, wOffset, rows * channels);
  const table = new Float64Array(buffer, tableOffset, 2 * channels);
  const wShift = new Float64Array(channels);
  const shift = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    wShift[c] = table[2 * c]!;
    shift[c] = table[2 * c + 1]!;
  }
  const first = new Float64Array(channels);
  const second = new Float64Array(channels);
  for (let b = begin; b < end; b++) {
    first.fill(0);
    second.fill(0);
    const last = Math.min(rows, (b + 1) * blockRows);
    let r = b * blockRows;
    // Four rows per pass (as block-column-sums-loop.ts): a quarter of the read-modify-writes of the
    // sums, ~4× faster in V8 than one flat loop over the elements.
    for (; r + 4 <= last; r += 4) {
      const i0 = r * channels;
      const i1 = i0 + channels;
      const i2 = i1 + channels;
      const i3 = i2 + channels;
      for (let c = 0; c < channels; c++) {
        const ws = wShift[c]!;
        const xs = shift[c]!;
        const v0 = w[i0 + c]! - ws;
        const v1 = w[i1 + c]! - ws;
        const v2 = w[i2 + c]! - ws;
        const v3 = w[i3 + c]! - ws;
        first[c]! += v0 + v1 + v2 + v3;
        second[c]! +=
          v0 * (x[i0 + c]! - xs) + v1 * (x[i1 + c]! - xs) + v2 * (x[i2 + c]! - xs) + v3 * (x[i3 + c]! - xs);
      }
    }
    for (; r < last; r++) {
      for (let c = 0; c < channels; c++) {
        const v = w[r * channels + c]! - wShift[c]!;
        first[c]! += v;
        second[c]! += v * (x[r * channels + c]! - shift[c]!);
      }
    }
    const partials = new Float64Array(buffer, partialsOffset + 16 * b * channels, 2 * channels);
    partials.set(first);
    partials.set(second, channels);
  }
}
