/**
 * dx[input pixel of output pixel m at tap t, ci] += dPatches[m, t·inC + ci] for the output pixels of
 * images [begin, end) of a slice that starts at image `first`: the col2im of Conv2DBackpropInput.
 * Each part zeroes its images' dx first and works out the input pixels from the conv geometry; taps
 * in the padding are skipped. An image's pixels only reach that image's dx, in the same order
 * whatever the split. args (byte offsets into the wasm heap): [dPatches, dx, taps, inC, first, outH,
 * outW, inH, inW, strideH, strideW, padTop, padLeft, dilationH, dilationW, filterW]. Self-contained:
 * worker threads evaluate its source.
 */
export function scatterPatchesLoop(
  buffer: ArrayBufferLike,
  args: readonly number[],
  begin: number,
  end: number,
) {
  const [patchesOffset, dxOffset, taps, inC, first, outH, outW, inH, inW] = args as number[];
  const [strideH, strideW, padTop, padLeft, dilationH, dilationW, filterW] = args.slice(9) as number[];
  const rows = taps! * inC!;
  const pixelsPerImage = outH! * outW!;
  const imageSize = inH! * inW! * inC!;
  for (let image = begin; image < end; image++) {
    const dPatches = new Float32Array(
      buffer,
      patchesOffset! + 4 * image * pixelsPerImage * rows,
      pixelsPerImage * rows,
    );
    const dx = new Float32Array(buffer, dxOffset! + 4 * (first! + image) * imageSize, imageSize);
    dx.fill(0);
    for (let m = 0; m < pixelsPerImage; m++) {
      const top = Math.floor(m / outW!) * strideH! - padTop!;
      const left = (m % outW!) * strideW! - padLeft!;
      for (let t = 0; t < taps!; t++) {
        const ih = top + Math.floor(t / filterW!) * dilationH!;
        const iw = left + (t % filterW!) * dilationW!;
        if (ih < 0 || ih >= inH! || iw < 0 || iw >= inW!) continue;
        const src = (ih * inW! + iw) * inC!;
        const base = m * rows + t * inC!;
        for (let ci = 0; ci < inC!; ci++) dx[src + ci]! += dPatches[base + ci]!;
      }
    }
  }
}
