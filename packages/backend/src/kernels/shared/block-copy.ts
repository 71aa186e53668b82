/** Typed arrays the block copies work on (every numeric dtype's storage). */
export type BlockValues = Float32Array | Int32Array | Uint8Array;

export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = strides[d + 1]! * shape[d + 1]!;
  return strides;
}

/**
 * out = tile(src, reps), src of `shape`: each source row copied once, then every block copied
 * reps[d] − 1 times with copyWithin (a memmove), so every output element is written once. The stock
 * kernels walk the output element by element through index arithmetic.
 */
export function tileValues(
  src: BlockValues,
  out: BlockValues,
  shape: readonly number[],
  reps: readonly number[],
) {
  if (shape.length === 0) {
    out.set(src);
    return;
  }
  const outShape = shape.map((size, d) => size * reps[d]!);
  const strides = { src: rowMajorStrides(shape), out: rowMajorStrides(outShape) };
  const tileDim = (d: number, srcOffset: number, outOffset: number): void => {
    const n = shape[d]!;
    if (d === shape.length - 1) out.set(src.subarray(srcOffset, srcOffset + n), outOffset);
    else
      for (let i = 0; i < n; i++)
        tileDim(d + 1, srcOffset + i * strides.src[d]!, outOffset + i * strides.out[d]!);
    const block = n * strides.out[d]!;
    for (let r = 1; r < reps[d]!; r++) out.copyWithin(outOffset + r * block, outOffset, outOffset + block);
  };
  tileDim(0, 0, 0);
}

/**
 * out = src[begin : begin + size] of a row-major src of `shape`, copied as runs of its contiguous
 * trailing axes (one `set` per run) instead of element by element.
 */
export function sliceValues(
  src: BlockValues,
  out: BlockValues,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
) {
  if (shape.length === 0) {
    out.set(src);
    return;
  }
  if (size.some((s) => s === 0)) return;
  const strides = rowMajorStrides(shape);
  // The trailing axes taken whole form one run with the first axis before them.
  let inner = shape.length - 1;
  while (inner > 0 && begin[inner] === 0 && size[inner] === shape[inner]) inner--;
  const run = size[inner]! * strides[inner]!;
  let written = 0;
  const copyDim = (d: number, srcOffset: number): void => {
    const offset = srcOffset + begin[d]! * strides[d]!;
    if (d === inner) {
      out.set(src.subarray(offset, offset + run), written);
      written += run;
      return;
    }
    for (let i = 0; i < size[d]!; i++) copyDim(d + 1, offset + i * strides[d]!);
  };
  copyDim(0, 0);
}
