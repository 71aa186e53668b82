import { backend_util } from '@tensorflow/tfjs-core';

export type Conv2DInfo = backend_util.Conv2DInfo;

export interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  /** Forward convolutions only: tfjs' conv gradients have no dilation. */
  dilations?: [number, number] | number;
}

/** The conv geometry of a conv kernel's attributes. */
export function convInfo(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrs,
): Conv2DInfo {
  if (attrs.dataFormat === 'NCHW') throw new Error('@bcos/backend conv kernels support NHWC only, got NCHW');
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/**
 * For every output pixel of images [first, first + count) and every filter tap, the offset of the
 * input pixel it reads (index of its first channel in NHWC), or −1 in the zero padding. Row m
 * (pixel) holds kH·kW entries.
 */
export function tapSources(info: Conv2DInfo, first: number, count: number): Int32Array {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth } = info;
  const taps = filterHeight * filterWidth;
  const sources = new Int32Array(count * outHeight * outWidth * taps);
  let n = 0;
  for (let b = first; b < first + count; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        for (let i = 0; i < filterHeight; i++) {
          const ih = oh * info.strideHeight - info.padInfo.top + i * info.dilationHeight;
          for (let j = 0; j < filterWidth; j++) {
            const iw = ow * info.strideWidth - info.padInfo.left + j * info.dilationWidth;
            const inside = ih >= 0 && ih < inHeight && iw >= 0 && iw < inWidth;
            sources[n++] = inside ? ((b * inHeight + ih) * inWidth + iw) * inChannels : -1;
          }
        }
      }
    }
  }
  return sources;
}

/** Images per slice so that a [pixels·taps·channels] buffer stays under `maxElements`. */
export function imagesPerSlice(info: Conv2DInfo, maxElements: number): number {
  const perImage = info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels;
  return Math.max(1, Math.min(info.batchSize, Math.floor(maxElements / perImage)));
}

/**
 * The conv geometry the heap patch loops (fillPatches, scatterPatches) read after their own leading
 * arguments, in their order: output and input size, strides, top/left padding, dilations, filter width.
 */
export function patchGeometryArgs(info: Conv2DInfo): number[] {
  return [
    info.outHeight,
    info.outWidth,
    info.inHeight,
    info.inWidth,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
    info.dilationHeight,
    info.dilationWidth,
    info.filterWidth,
  ];
}
