import { type backend_util, depthwiseConv2d, fill, type Tensor4D } from '@tensorflow/tfjs-core';

/** A pooling window's geometry, as the pooling kernels' attributes give it. */
export interface PoolWindow {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * weight · Σ of x over each pooling window (padding counts as 0): [N, outH, outW, C], a depthwise
 * convolution with a constant filter, so windows are placed exactly as the pool places them.
 */
export function windowSum(
  x: Tensor4D,
  { filterSize, strides, pad, dimRoundingMode }: PoolWindow,
  weight = 1,
): Tensor4D {
  const [height, width] = typeof filterSize === 'number' ? [filterSize, filterSize] : filterSize;
  const filter = fill([height, width, x.shape[3], 1], weight) as Tensor4D;
  return depthwiseConv2d(x, filter, strides, pad, 'NHWC', 1, dimRoundingMode);
}
