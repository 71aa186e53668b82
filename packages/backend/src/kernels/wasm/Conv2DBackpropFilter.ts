import { Conv2DBackpropFilter, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  type Conv2DInfo,
  type ConvAttrs,
  convInfo,
  imagesPerSlice,
  tapSources,
} from '../shared/conv-geometry';
import { type WasmOps, wasmOps, withShape } from './wasm-memory';

/** Bound on the patch matrix (64 MiB of float32); larger batches go in slices of images. */
const MAX_PATCH_ELEMENTS = 1 << 24;
/** Output pixels gathered together, so that their input pixels stay in cache across channels. */
const PIXEL_BLOCK = 64;

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
  // A copy of x with a zero pixel appended, only when some tap falls in the padding.
  const padded = sources.includes(-1) ? new Float32Array(x.length + inC) : x;
  if (padded !== x) padded.set(x);
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

/**
 * dW = im2col(x)ᵀ·dy as one XNNPACK GEMM of [kH·kW·inC, N·outH·outW] × [N·outH·outW, outC], in
 * slices of images when the patch matrix would be too large. A single slice multiplies dy in place
 * and returns the product itself as dW.
 */
function viaPatchGemm(ops: WasmOps, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo): TensorInfo {
  const taps = info.filterHeight * info.filterWidth;
  const rows = taps * info.inChannels;
  const pixelsPerImage = info.outHeight * info.outWidth;
  const slice = imagesPerSlice(info, MAX_PATCH_ELEMENTS);
  const filterShape = [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels];
  const partialSum = (first: number, count: number): TensorInfo => {
    const pixels = count * pixelsPerImage;
    const whole = count === info.batchSize;
    const patchesT = ops.allocate([1, rows, pixels]);
    const dySlice = whole
      ? withShape(dy, [1, pixels, info.outChannels])
      : ops.allocate([1, pixels, info.outChannels]);
    if (!whole) {
      const start = first * pixelsPerImage * info.outChannels;
      ops.view(dySlice).set(ops.view(dy).subarray(start, start + pixels * info.outChannels));
    }
    fillTransposedPatches(
      ops.view(x),
      ops.view(patchesT),
      tapSources(info, first, count),
      taps,
      info.inChannels,
    );
    const product = ops.matMul(patchesT, dySlice);
    ops.dispose(patchesT);
    if (!whole) ops.dispose(dySlice);
    return product;
  };
  if (slice >= info.batchSize) return withShape(partialSum(0, info.batchSize), filterShape);
  const dw = new Float32Array(rows * info.outChannels);
  for (let first = 0; first < info.batchSize; first += slice) {
    const product = partialSum(first, Math.min(slice, info.batchSize - first));
    const values = ops.view(product);
    for (let i = 0; i < values.length; i++) dw[i]! += values[i]!;
    ops.dispose(product);
  }
  const output = ops.allocate(filterShape);
  ops.view(output).set(dw);
  return output;
}

/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter at all, so no conv net trains on wasm without
 * it. (Computing it as an XNNPACK convolution with the batch as channels was measured 2–3× slower,
 * even for image stems with 1–6 channels.)
 */
export const conv2dBackpropFilterWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { filterShape } = attrs as unknown as { filterShape: [number, number, number, number] };
    const info = convInfo(x.shape, filterShape, attrs as unknown as ConvAttrs);
    return viaPatchGemm(wasmOps(backend), x, dy, info);
  },
};
