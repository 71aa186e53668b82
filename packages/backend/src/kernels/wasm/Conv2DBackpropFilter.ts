import { Conv2DBackpropFilter, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  type Conv2DInfo,
  type ConvAttrs,
  convInfo,
  imagesPerSlice,
  patchGeometryArgs,
} from '../shared/conv-geometry';
import { type HeapParallelFor, heapParallelFor } from './parallel-for';
import { type WasmOps, wasmOps, withShape } from './wasm-memory';

/** Bound on the patch matrix (64 MiB of float32); larger batches go in slices of images. */
const MAX_PATCH_ELEMENTS = 1 << 24;
/** The least work (values copied) worth handing to another thread. */
const MIN_COPIES_PER_PART = 1 << 16;

/**
 * Writes the transposed im2col matrix of images [first, first + count) into patchesT over the
 * kernel threads (fill-patches-loop.ts): tfjs-backend-wasm multiplies untransposed matrices ~15×
 * faster. Padding taps read a zero pixel.
 */
function fillTransposedPatches(
  ops: WasmOps,
  pool: HeapParallelFor,
  {
    x,
    patchesT,
    info,
    first,
    count,
  }: { x: TensorInfo; patchesT: TensorInfo; info: Conv2DInfo; first: number; count: number },
) {
  const taps = info.filterHeight * info.filterWidth;
  const inC = info.inChannels;
  const zeroPixel = ops.allocate([inC]);
  ops.view(zeroPixel).fill(0);
  const target = ops.view(patchesT);
  const pixels = count * info.outHeight * info.outWidth;
  const args = [
    ops.view(x).byteOffset,
    ops.view(zeroPixel).byteOffset,
    target.byteOffset,
    pixels,
    taps,
    inC,
    first,
    ...patchGeometryArgs(info),
  ];
  pool.run('fillPatches', target.buffer, args, pixels, Math.ceil(MIN_COPIES_PER_PART / (taps * inC)));
  ops.dispose(zeroPixel);
}

/**
 * dW = im2col(x)ᵀ·dy as one XNNPACK GEMM of [kH·kW·inC, N·outH·outW] × [N·outH·outW, outC], in
 * slices of images when the patch matrix would be too large. A single slice multiplies dy in place
 * and returns the product itself as dW.
 */
function viaPatchGemm(backend: unknown, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo): TensorInfo {
  const ops = wasmOps(backend);
  const pool = heapParallelFor(backend);
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
    fillTransposedPatches(ops, pool, { x, patchesT, info, first, count });
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
    return viaPatchGemm(backend, x, dy, info);
  },
};
