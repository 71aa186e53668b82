/** Where a 2-D convolution's windows sit: the part of its options that the patch norms share. */
export interface ConvGeometry {
  kernelSize: [number, number];
  strides: [number, number];
  padding: 'same' | 'valid';
  dilationRate: [number, number];
}

/** Output length along one axis, as tfjs computes it for 'same' and 'valid'. */
function outputLength(
  size: number,
  kernel: number,
  stride: number,
  dilation: number,
  padding: 'same' | 'valid',
) {
  const footprint = (kernel - 1) * dilation + 1;
  return padding === 'same' ? Math.ceil(size / stride) : Math.ceil((size - footprint + 1) / stride);
}

/** Output [height, width] of a convolution; null stays null (unknown sizes). */
export function convOutputSize(
  [height, width]: [number | null, number | null],
  { kernelSize, strides, dilationRate, padding }: ConvGeometry,
): [number | null, number | null] {
  const along = (size: number | null, axis: 0 | 1) =>
    size === null ? null : outputLength(size, kernelSize[axis], strides[axis], dilationRate[axis], padding);
  return [along(height, 0), along(width, 1)];
}
