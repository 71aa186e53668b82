/**
 * dx[sources[m·taps + t] + ci] += dPatches[m, t·inC + ci] for the output pixels of images [begin,
 * end) of a slice: the col2im of Conv2DBackpropInput. args (byte offsets into the wasm heap):
 * [dPatches, dx, dxLength, sources, pixelsPerImage, taps, inC]; a source of −1 (padding) is skipped. An image's pixels only reach that image's
 * dx, in the same order whatever the split. Self-contained: worker threads evaluate its source.
 */
export function scatterPatchesLoop(
  buffer: ArrayBufferLike,
  args: readonly number[],
  begin: number,
  end: number,
) {
  const [patchesOffset, dxOffset, dxLength, sourcesOffset, pixelsPerImage, taps, inC] = args as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const rows = taps * inC;
  const images = end - begin;
  const first = begin * pixelsPerImage;
  const dPatches = new Float32Array(buffer, patchesOffset + 4 * first * rows, images * pixelsPerImage * rows);
  const sources = new Int32Array(buffer, sourcesOffset + 4 * first * taps, images * pixelsPerImage * taps);
  const dx = new Float32Array(buffer, dxOffset, dxLength);
  const pixels = images * pixelsPerImage;
  for (let m = 0; m < pixels; m++) {
    for (let t = 0; t < taps; t++) {
      const src = sources[m * taps + t]!;
      if (src < 0) continue;
      const base = m * rows + t * inC;
      for (let ci = 0; ci < inC; ci++) dx[src + ci]! += dPatches[base + ci]!;
    }
  }
}
