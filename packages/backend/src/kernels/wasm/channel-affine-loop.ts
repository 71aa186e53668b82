/**
 * out = u·a + v·b + d per channel, in float64 then float32, for rows [begin, end) of [rows, channels]
 * float32 matrices u, v and out: the batch-norm forward (u = v = x, b = 0) and its dx (u = dy, v = x).
 * args (byte offsets into the wasm heap): [u, v, out, channels, table (float64: a, b, d of each
 * channel in turn)]. Self-contained: worker threads evaluate its source.
 */
export function channelAffineLoop(
  buffer: ArrayBufferLike,
  args: readonly number[],
  begin: number,
  end: number,
) {
  const [uOffset, vOffset, outOffset, channels, tableOffset] = args as [
    number,
    number,
    number,
    number,
    number,
  ];
  const span = (end - begin) * channels;
  const start = 4 * begin * channels;
  const u = new Float32Array(buffer, uOffset + start, span);
  const v = new Float32Array(buffer, vOffset + start, span);
  const out = new Float32Array(buffer, outOffset + start, span);
  const table = new Float64Array(buffer, tableOffset, 3 * channels).slice();
  let c = 0;
  for (let i = 0; i < span; i++) {
    const k = 3 * c;
    out[i] = u[i]! * table[k]! + v[i]! * table[k + 1]! + table[k + 2]!;
    if (++c === channels) c = 0;
  }
}
