import { backend_util } from '@tensorflow/tfjs-core';
import { type Conv2DInfo, tapSources } from './conv-geometry';

export interface DepthwiseAttrs {
  strides: [number, number] | number;
  dilations?: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The geometry of a depthwise conv with input `xShape` and filter [kH, kW, inC, multiplier]. */
export function depthwiseInfo(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: DepthwiseAttrs,
): Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
    'channelsLast',
  );
}

/**
 * Calls `visit(xBase, wBase, dyBase)` for every (output pixel, filter tap) that reads the input:
 * channel ci of the input meets filter entries wBase + ci·mult + q and output channels
 * dyBase + ci·mult + q (q < mult).
 */
function forEachTap(info: Conv2DInfo, visit: (xBase: number, wBase: number, dyBase: number) => void): void {
  const taps = info.filterHeight * info.filterWidth;
  const sources = tapSources(info, 0, info.batchSize);
  const outC = info.outChannels;
  for (let m = 0; m < sources.length / taps; m++)
    for (let t = 0; t < taps; t++) {
      const src = sources[m * taps + t]!;
      if (src >= 0) visit(src, t * outC, m * outC);
    }
}

/** dx[pixel, ci] = Σ over taps and multipliers of dy[out pixel, ci·mult + q] · W[tap, ci, q]. */
export function depthwiseBackpropInput(dy: Float32Array, w: Float32Array, info: Conv2DInfo): Float32Array {
  const dx = new Float32Array(info.batchSize * info.inHeight * info.inWidth * info.inChannels);
  const mult = info.outChannels / info.inChannels;
  forEachTap(info, (xBase, wBase, dyBase) => {
    for (let ci = 0; ci < info.inChannels; ci++) {
      let sum = 0;
      for (let q = 0; q < mult; q++) sum += dy[dyBase + ci * mult + q]! * w[wBase + ci * mult + q]!;
      dx[xBase + ci]! += sum;
    }
  });
  return dx;
}

/** dW[tap, ci, q] = Σ over output pixels of x[pixel(tap), ci] · dy[out pixel, ci·mult + q]. */
export function depthwiseBackpropFilter(x: Float32Array, dy: Float32Array, info: Conv2DInfo): Float32Array {
  const dw = new Float32Array(info.filterHeight * info.filterWidth * info.outChannels);
  const mult = info.outChannels / info.inChannels;
  forEachTap(info, (xBase, wBase, dyBase) => {
    for (let ci = 0; ci < info.inChannels; ci++) {
      const xv = x[xBase + ci]!;
      if (xv === 0) continue;
      for (let q = 0; q < mult; q++) dw[wBase + ci * mult + q]! += xv * dy[dyBase + ci * mult + q]!;
    }
  });
  return dw;
}
