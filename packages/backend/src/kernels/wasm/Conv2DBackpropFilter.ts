import { Conv2DBackpropFilter, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  type Conv2DInfo,
  type ConvAttrs,
  convInfo,
  imagesPerSlice,
  tapSources,
} from '../shared/conv-geometry';
import { type ExplicitPadding, type WasmOps, wasmOps } from './wasm-memory';

/** Bound on the patch matrix (64 MiB of float32); larger batches go in slices of images. */
const MAX_PATCH_ELEMENTS = 1 << 24;
/** Output pixels gathered together, so that their input pixels stay in cache across channels. */
const PIXEL_BLOCK = 64;
/** Inputs with fewer channels than this (image stems) go through XNNPACK's convolution. */
const CONVOLUTION_MAX_CHANNELS = 16;

/**
 * Writes patchesT[tap·inC + ci, m] = x[source(m, tap) + ci] (0 in the padding): the im2col matrix
 * already transposed, because tfjs-backend-wasm multiplies untransposed matrices ~15× faster.
 * Padding taps read a zero pixel appended to a copy of x, so the inner loop has no branch.
 */
function fillTransposedPatches(
  x: Float32Array,
  patchesT: Float32Array,
  sources: Int32Array,
  taps: number,
  inC: number,
) {
  const padded = new Float32Array(x.length + inC);
  padded.set(x);
  const zeroPixel = x.length;
  const pixels = sources.length / taps;
  const block = new Int32Array(PIXEL_BLOCK);
  const fourAtATime = inC % 4 === 0;
  for (let m0 = 0; m0 < pixels; m0 += PIXEL_BLOCK) {
    const width = Math.min(PIXEL_BLOCK, pixels - m0);
    for (let t = 0; t < taps; t++) {
      for (let j = 0; j < width; j++) {
        const src = sources[(m0 + j) * taps + t]!;
        block[j] = src < 0 ? zeroPixel : src;
      }
      const tapRow = t * inC * pixels + m0;
      if (fourAtATime) {
        for (let ci = 0; ci < inC; ci += 4) {
          const r0 = tapRow + ci * pixels;
          const r1 = r0 + pixels;
          const r2 = r1 + pixels;
          const r3 = r2 + pixels;
          for (let j = 0; j < width; j++) {
            const s = block[j]! + ci;
            patchesT[r0 + j] = padded[s]!;
            patchesT[r1 + j] = padded[s + 1]!;
            patchesT[r2 + j] = padded[s + 2]!;
            patchesT[r3 + j] = padded[s + 3]!;
          }
        }
      } else {
        for (let ci = 0; ci < inC; ci++) {
          const row = tapRow + ci * pixels;
          for (let j = 0; j < width; j++) patchesT[row + j] = padded[block[j]! + ci]!;
        }
      }
    }
  }
}

/** dW = im2col(x)ᵀ·dy as one XNNPACK GEMM of [kH·kW·inC, N·outH·outW] × [N·outH·outW, outC]. */
function viaPatchGemm(ops: WasmOps, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo): Float32Array {
  const taps = info.filterHeight * info.filterWidth;
  const rows = taps * info.inChannels;
  const pixelsPerImage = info.outHeight * info.outWidth;
  const slice = imagesPerSlice(info, MAX_PATCH_ELEMENTS);
  const dw = new Float32Array(rows * info.outChannels);
  for (let first = 0; first < info.batchSize; first += slice) {
    const count = Math.min(slice, info.batchSize - first);
    const pixels = count * pixelsPerImage;
    const patchesT = ops.allocate([1, rows, pixels]);
    const dySlice = ops.allocate([1, pixels, info.outChannels]);
    const start = first * pixelsPerImage * info.outChannels;
    ops.view(dySlice).set(ops.view(dy).subarray(start, start + pixels * info.outChannels));
    fillTransposedPatches(
      ops.view(x),
      ops.view(patchesT),
      tapSources(info, first, count),
      taps,
      info.inChannels,
    );
    const product = ops.matMul(patchesT, dySlice);
    const values = ops.view(product);
    for (let i = 0; i < values.length; i++) dw[i]! += values[i]!;
    for (const t of [product, patchesT, dySlice]) ops.dispose(t);
  }
  return dw;
}

/**
 * The same sum as a convolution XNNPACK runs natively (no patch matrix): channels become the batch
 * and images the channels, X'[ci, h, w, n] ⊛ F'[oh, ow, n, co] with dilation = stride gives
 * dW'[ci, kh, kw, co]. Bottom/right padding is whatever makes the output exactly kH×kW; rows and
 * columns the forward conv never reached are cropped.
 */
function viaConvolution(ops: WasmOps, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo): Float32Array {
  const { batchSize: n, inChannels: c, outChannels: outC, filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  const reachH = (info.outHeight - 1) * info.strideHeight + kh - top;
  const reachW = (info.outWidth - 1) * info.strideWidth + kw - left;
  const height = Math.min(info.inHeight, reachH);
  const width = Math.min(info.inWidth, reachW);
  const images = ops.allocate([c, height, width, n]);
  const filter = ops.allocate([info.outHeight, info.outWidth, n, outC]);
  channelsAsBatch(ops.view(x), ops.view(images), info, height, width);
  imagesAsChannels(ops.view(dy), ops.view(filter), n, info.outHeight * info.outWidth, outC);
  const pads: ExplicitPadding = [
    [0, 0],
    [top, reachH - height],
    [left, reachW - width],
    [0, 0],
  ];
  const product = ops.conv2d(images, filter, pads, [info.strideHeight, info.strideWidth]);
  const dwT = ops.view(product);
  const dw = new Float32Array(dwT.length);
  const tapBlock = kh * kw * outC;
  for (let ci = 0; ci < c; ci++)
    for (let t = 0; t < kh * kw; t++)
      dw.set(dwT.subarray(ci * tapBlock + t * outC, ci * tapBlock + (t + 1) * outC), (t * c + ci) * outC);
  for (const t of [product, images, filter]) ops.dispose(t);
  return dw;
}

/** X'[ci, h, w, b] = x[b, h, w, ci] for the rows and columns [0, height) × [0, width). */
function channelsAsBatch(
  x: Float32Array,
  out: Float32Array,
  info: Conv2DInfo,
  height: number,
  width: number,
): void {
  const { batchSize: n, inChannels: c, inHeight, inWidth } = info;
  const plane = height * width;
  for (let h = 0; h < height; h++)
    for (let w = 0; w < width; w++) {
      const pixel = h * width + w;
      for (let b = 0; b < n; b++) {
        const src = ((b * inHeight + h) * inWidth + w) * c;
        for (let ci = 0; ci < c; ci++) out[(ci * plane + pixel) * n + b] = x[src + ci]!;
      }
    }
}

/** F'[p, b, co] = dy[b, p, co]: whole rows of outC moved. */
function imagesAsChannels(
  dy: Float32Array,
  out: Float32Array,
  n: number,
  pixels: number,
  outC: number,
): void {
  for (let p = 0; p < pixels; p++)
    for (let b = 0; b < n; b++) {
      const src = (b * pixels + p) * outC;
      out.set(dy.subarray(src, src + outC), (p * n + b) * outC);
    }
}

/**
 * Measured on the ResNet-18 CIFAR shapes (bench kernels): the convolution wins clearly only for
 * stride 1 with few input channels (the stem: short channel runs make the patch matrix slow to
 * build), ties at stride 1 otherwise, and loses at stride 2.
 */
function preferConvolution(info: Conv2DInfo): boolean {
  return info.strideHeight === 1 && info.strideWidth === 1 && info.inChannels < CONVOLUTION_MAX_CHANNELS;
}

/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter at all, so no conv net trains on wasm without
 * it. Two exact formulations, picked by shape.
 */
export const conv2dBackpropFilterWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { filterShape } = attrs as unknown as { filterShape: [number, number, number, number] };
    const info = convInfo(x.shape, filterShape, attrs as unknown as ConvAttrs);
    const ops = wasmOps(backend);
    const dw = preferConvolution(info) ? viaConvolution(ops, x, dy, info) : viaPatchGemm(ops, x, dy, info);
    const output = ops.allocate([...filterShape]);
    ops.view(output).set(dw);
    return output;
  },
};
