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
    const last = Math.min(rows, (b + 1) * blockRows) * channels;
    // One flat loop with a channel counter (as batch-norm-loop.ts): V8 runs it faster than nested loops.
    let c = 0;
    for (let i = b * blockRows * channels; i < last; i++) {
      const v = w[i]! - wShift[c]!;
      first[c]! += v;
      second[c]! += v * (x[i]! - shift[c]!);
      if (++c === channels) c = 0;
    }
    const partials = new Float64Array(buffer, partialsOffset + 16 * b * channels, 2 * channels);
    partials.set(first);
    partials.set(second, channels);
  }
}
