import type { Conv2DInfo } from '../shared/conv-geometry';
import { imageSlices, isPointwise, patchColumns, patchRows, scatterPatchRows } from './conv-patches';
import { gemm, packColumnPanels } from './gemm';

/**
 * The three convolutions of training as matrix products over patch matrices (NHWC, filter HWIO,
 * read as a [taps · inC, outC] matrix): y = P·W, dP = dy·Wᵀ scattered back onto dx, dW = Pᵀ·dy.
 */
export function convForward(x: Float32Array, filter: Float32Array, info: Conv2DInfo): Float32Array {
  const { taps, inC, outC } = dimensions(info);
  const weights = packColumnPanels(filter, taps * inC, outC, outC, 1);
  const y = new Float32Array(info.batchSize * info.outHeight * info.outWidth * outC);
  if (isPointwise(info)) {
    gemm(x, weights, y, info.batchSize * info.outHeight * info.outWidth, false);
    return y;
  }
  for (const slice of imageSlices(info)) {
    const out = y.subarray(slice.first * info.outHeight * info.outWidth * outC);
    gemm(patchRows(x, slice, taps, inC), weights, out, slice.pixels, false);
  }
  return y;
}

export function convBackpropInput(dy: Float32Array, filter: Float32Array, info: Conv2DInfo): Float32Array {
  const { taps, inC, outC } = dimensions(info);
  const transposed = packColumnPanels(filter, outC, taps * inC, 1, outC);
  const dx = new Float32Array(info.batchSize * info.inHeight * info.inWidth * inC);
  if (isPointwise(info)) {
    gemm(dy, transposed, dx, info.batchSize * info.inHeight * info.inWidth, false);
    return dx;
  }
  for (const slice of imageSlices(info)) {
    const rows = new Float32Array(slice.pixels * taps * inC);
    gemm(
      dy.subarray(slice.first * info.outHeight * info.outWidth * outC),
      transposed,
      rows,
      slice.pixels,
      false,
    );
    scatterPatchRows(rows, slice, taps, inC, dx);
  }
  return dx;
}

export function convBackpropFilter(x: Float32Array, dy: Float32Array, info: Conv2DInfo): Float32Array {
  const { taps, inC, outC } = dimensions(info);
  const dw = new Float32Array(taps * inC * outC);
  for (const slice of imageSlices(info)) {
    const from = slice.first * info.outHeight * info.outWidth * outC;
    const gradients = packColumnPanels(dy.subarray(from), slice.pixels, outC, outC, 1);
    gemm(patchColumns(x, slice, taps, inC), gradients, dw, taps * inC, slice.first > 0);
  }
  return dw;
}

function dimensions(info: Conv2DInfo) {
  return { taps: info.filterHeight * info.filterWidth, inC: info.inChannels, outC: info.outChannels };
}
