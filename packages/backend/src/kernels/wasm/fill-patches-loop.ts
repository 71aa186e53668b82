/**
 * patchesT[tap·inC + ci, m] = x[sources[m·taps + tap] + ci] for output pixels m in [begin, end): the
 * im2col matrix of Conv2DBackpropFilter, already transposed. args (byte offsets into the wasm heap):
 * [x, xLength, patchesT, sources, pixels, taps, inC, zeroPixel]; a source of −1 (padding) reads the
 * zero pixel at zeroPixel, so the inner loop has no branch. Pixels go in blocks of 64 so that their
 * input pixels stay in cache across channels. Self-contained: worker threads evaluate its source.
 */
export function fillPatchesLoop(
  buffer: ArrayBufferLike,
  args: readonly number[],
  begin: number,
  end: number,
) {
  const [xOffset, xLength, patchesOffset, sourcesOffset, pixels, taps, inC, zeroPixel] = args as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const x = new Float32Array(buffer, xOffset, xLength);
  const patchesT = new Float32Array(buffer, patchesOffset, taps * inC * pixels);
  const sources = new Int32Array(buffer, sourcesOffset, pixels * taps);
  const blockSize = 64;
  const block = new Int32Array(blockSize);
  const fourAtATime = inC % 4 === 0;
  for (let m0 = begin; m0 < end; m0 += blockSize) {
    const width = Math.min(blockSize, end - m0);
    for (let t = 0; t < taps; t++) {
      for (let j = 0; j < width; j++) {
        const src = sources[(m0 + j) * taps + t]!;
        block[j] = src < 0 ? zeroPixel : src;
      }
      const tapRow = t * inC * pixels + m0;
      if (fourAtATime) {
        for (let ci = 0; ci < inC; ci += 4) {
          const r0 = tapRow + ci * pixels;
          const r1 = r0 + pixels;
          const r2 = r1 + pixels;
          const r3 = r2 + pixels;
          for (let j = 0; j < width; j++) {
            const s = block[j]! + ci;
            patchesT[r0 + j] = x[s]!;
            patchesT[r1 + j] = x[s + 1]!;
            patchesT[r2 + j] = x[s + 2]!;
            patchesT[r3 + j] = x[s + 3]!;
          }
        }
      } else {
        for (let ci = 0; ci < inC; ci++) {
          const row = tapRow + ci * pixels;
          for (let j = 0; j < width; j++) patchesT[row + j] = x[block[j]! + ci]!;
        }
      }
    }
  }
}
