/**
 * patchesT[tap·inC + ci, m] = x[input pixel of output pixel m at tap, ci] for output pixels m in
 * [begin, end) of images first, first + 1, …: the im2col matrix of Conv2DBackpropFilter, already
 * transposed. Each part works out its own input pixels from the conv geometry (no index table built
 * on one thread, no padded copy of x); a tap in the padding reads the zero pixel at `zero`, so the
 * inner loop has no branch. args (byte offsets into the wasm heap): [x, zero, patchesT, pixels,
 * taps, inC, first, outH, outW, inH, inW, strideH, strideW, padTop, padLeft, dilationH, dilationW,
 * filterW]. Pixels go in blocks of 64 so that their input pixels stay in cache across channels.
 * Self-contained: worker threads evaluate its source.
 */
export function fillPatchesLoop(
  buffer: ArrayBufferLike,
  args: readonly number[],
  begin: number,
  end: number,
) {
  const [xOffset, zeroOffset, patchesOffset, pixels, taps, inC, first] = args as number[];
  const [outH, outW, inH, inW, strideH, strideW, padTop, padLeft, dilationH, dilationW, filterW] = args.slice(
    7,
  ) as number[];
  const heap = new Float32Array(buffer);
  const patchesT = new Float32Array(buffer, patchesOffset!, taps! * inC! * pixels!);
  const xBase = xOffset! / 4;
  const zeroBase = zeroOffset! / 4;
  const blockSize = 64;
  const block = new Int32Array(blockSize);
  const rowOf = new Int32Array(blockSize);
  const colOf = new Int32Array(blockSize);
  const imageOf = new Int32Array(blockSize);
  const perImage = outH! * outW!;
  const fourAtATime = inC! % 4 === 0;
  for (let m0 = begin; m0 < end; m0 += blockSize) {
    const width = Math.min(blockSize, end - m0);
    for (let j = 0; j < width; j++) {
      const m = m0 + j;
      const image = Math.floor(m / perImage);
      const rest = m - image * perImage;
      imageOf[j] = first! + image;
      rowOf[j] = Math.floor(rest / outW!) * strideH! - padTop!;
      colOf[j] = (rest % outW!) * strideW! - padLeft!;
    }
    for (let t = 0; t < taps!; t++) {
      const dh = Math.floor(t / filterW!) * dilationH!;
      const dw = (t % filterW!) * dilationW!;
      for (let j = 0; j < width; j++) {
        const ih = rowOf[j]! + dh;
        const iw = colOf[j]! + dw;
        const inside = ih >= 0 && ih < inH! && iw >= 0 && iw < inW!;
        block[j] = inside ? xBase + ((imageOf[j]! * inH! + ih) * inW! + iw) * inC! : zeroBase;
      }
      const tapRow = t * inC! * pixels! + m0;
      if (fourAtATime) {
        for (let ci = 0; ci < inC!; ci += 4) {
          const r0 = tapRow + ci * pixels!;
          const r1 = r0 + pixels!;
          const r2 = r1 + pixels!;
          const r3 = r2 + pixels!;
          for (let j = 0; j < width; j++) {
            const s = block[j]! + ci;
            patchesT[r0 + j] = heap[s]!;
            patchesT[r1 + j] = heap[s + 1]!;
            patchesT[r2 + j] = heap[s + 2]!;
            patchesT[r3 + j] = heap[s + 3]!;
          }
        }
      } else {
        for (let ci = 0; ci < inC!; ci++) {
          const row = tapRow + ci * pixels!;
          for (let j = 0; j < width; j++) patchesT[row + j] = heap[block[j]! + ci]!;
        }
      }
    }
  }
}
