import { type Conv2DInfo, imagesPerSlice, tapSources } from '../shared/conv-geometry';

/** Patch matrices larger than this many floats are built a slice of images at a time. */
const MAX_PATCH_ELEMENTS = 1 << 23;

/** A slice of images [first, first + count): its output pixels and the input offset of each tap. */
export interface ImageSlice {
  first: number;
  count: number;
  pixels: number;
  sources: Int32Array;
}

/** The batch in slices whose patch matrices stay under MAX_PATCH_ELEMENTS floats. */
export function* imageSlices(info: Conv2DInfo): Generator<ImageSlice> {
  const perSlice = imagesPerSlice(info, MAX_PATCH_ELEMENTS);
  for (let first = 0; first < info.batchSize; first += perSlice) {
    const count = Math.min(perSlice, info.batchSize - first);
    const pixels = count * info.outHeight * info.outWidth;
    yield { first, count, pixels, sources: tapSources(info, first, count) };
  }
}

/** Patches as rows: [pixels, taps · inC], row m holding every tap's input channels (0 in the padding). */
export function patchRows(x: Float32Array, slice: ImageSlice, taps: number, inC: number): Float32Array {
  const { pixels, sources } = slice;
  const rows = new Float32Array(pixels * taps * inC);
  for (let m = 0; m < pixels; m++) {
    for (let t = 0; t < taps; t++) {
      const src = sources[m * taps + t]!;
      if (src >= 0) rows.set(x.subarray(src, src + inC), (m * taps + t) * inC);
    }
  }
  return rows;
}

/** Patches as columns: [taps · inC, pixels], the transpose of patchRows. */
export function patchColumns(x: Float32Array, slice: ImageSlice, taps: number, inC: number): Float32Array {
  const { pixels, sources } = slice;
  const columns = new Float32Array(taps * inC * pixels);
  for (let m = 0; m < pixels; m++) {
    for (let t = 0; t < taps; t++) {
      const src = sources[m * taps + t]!;
      if (src < 0) continue;
      for (let ci = 0; ci < inC; ci++) columns[(t * inC + ci) * pixels + m] = x[src + ci]!;
    }
  }
  return columns;
}

/** dx[tap input] += rows[m, tap, :] for every tap inside the input: the adjoint of patchRows. */
export function scatterPatchRows(
  rows: Float32Array,
  slice: ImageSlice,
  taps: number,
  inC: number,
  dx: Float32Array,
): void {
  const { pixels, sources } = slice;
  for (let m = 0; m < pixels; m++) {
    for (let t = 0; t < taps; t++) {
      const src = sources[m * taps + t]!;
      if (src < 0) continue;
      const from = (m * taps + t) * inC;
      for (let ci = 0; ci < inC; ci++) dx[src + ci]! += rows[from + ci]!;
    }
  }
}

/** A 1×1 convolution with stride 1 and no padding reads x itself as its patch rows. */
export function isPointwise(info: Conv2DInfo): boolean {
  return (
    info.filterHeight === 1 &&
    info.filterWidth === 1 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    info.outHeight === info.inHeight &&
    info.outWidth === info.inWidth
  );
}
