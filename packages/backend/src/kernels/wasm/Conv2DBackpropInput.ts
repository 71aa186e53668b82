import { Conv2DBackpropInput, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import {
  type Conv2DInfo,
  type ConvAttrs,
  convInfo,
  imagesPerSlice,
  patchGeometryArgs,
} from '../shared/conv-geometry';
import { heapParallelFor } from './parallel-for';
import { type WasmOps, wasmOps, withShape } from './wasm-memory';

const MAX_PATCH_ELEMENTS = 1 << 24;
/** The least work (values added) worth handing to another thread. */
const MIN_ADDS_PER_PART = 1 << 16;

/** W'[i, j, co, ci] = W[kH−1−i, kW−1−j, ci, co]: the filter that maps dy back onto x. */
function flippedTransposedFilter(
  w: Float32Array,
  kh: number,
  kw: number,
  inC: number,
  outC: number,
): Float32Array {
  const out = new Float32Array(w.length);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++) {
      const src = ((kh - 1 - i) * kw + (kw - 1 - j)) * inC * outC;
      const dst = (i * kw + j) * outC * inC;
      for (let ci = 0; ci < inC; ci++)
        for (let co = 0; co < outC; co++) out[dst + co * inC + ci] = w[src + ci * outC + co]!;
    }
  return out;
}

/** With stride 1, dx is a forward convolution of dy with the flipped filter: XNNPACK's fastest path. */
function viaForwardConv(
  ops: WasmOps,
  dy: TensorInfo,
  filter: TensorInfo,
  info: Conv2DInfo,
): TensorInfo | undefined {
  const { filterHeight: kh, filterWidth: kw, padInfo } = info;
  const pads: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [kh - 1 - padInfo.top, kh - 1 - padInfo.bottom],
    [kw - 1 - padInfo.left, kw - 1 - padInfo.right],
    [0, 0],
  ];
  if (pads.flat().some((p) => p < 0)) return undefined;
  const flipped = ops.allocate([kh, kw, info.outChannels, info.inChannels]);
  ops.view(flipped).set(flippedTransposedFilter(ops.view(filter), kh, kw, info.inChannels, info.outChannels));
  const dx = ops.conv2d(dy, flipped, pads);
  ops.dispose(flipped);
  return dx;
}

/** Wᵀ as [outC, kH·kW·inC], for dPatches = dy·Wᵀ with an untransposed GEMM. */
function transposedFilter(w: Float32Array, rows: number, outC: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let co = 0; co < outC; co++) out[co * rows + r] = w[r * outC + co]!;
  return out;
}

/**
 * Any stride: dPatches = dy·Wᵀ as one GEMM, then each patch row is added back onto the input pixels
 * it came from (scatter-patches-loop.ts, which also zeroes dx), whole images per thread.
 */
function viaGemm(backend: unknown, dy: TensorInfo, filter: TensorInfo, info: Conv2DInfo): TensorInfo {
  const ops = wasmOps(backend);
  const pool = heapParallelFor(backend);
  const taps = info.filterHeight * info.filterWidth;
  const inC = info.inChannels;
  const rows = taps * inC;
  const pixelsPerImage = info.outHeight * info.outWidth;
  const dx = ops.allocate([info.batchSize, info.inHeight, info.inWidth, inC]);
  const wT = ops.allocate([1, info.outChannels, rows]);
  ops.view(wT).set(transposedFilter(ops.view(filter), rows, info.outChannels));
  const slice = imagesPerSlice(info, MAX_PATCH_ELEMENTS);
  for (let first = 0; first < info.batchSize; first += slice) {
    const count = Math.min(slice, info.batchSize - first);
    const pixels = count * pixelsPerImage;
    const whole = count === info.batchSize;
    const dySlice = whole
      ? withShape(dy, [1, pixels, info.outChannels])
      : ops.allocate([1, pixels, info.outChannels]);
    if (!whole) {
      const start = first * pixelsPerImage * info.outChannels;
      ops.view(dySlice).set(ops.view(dy).subarray(start, start + pixels * info.outChannels));
    }
    const product = ops.matMul(dySlice, wT);
    const args = [
      ops.view(product).byteOffset,
      ops.view(dx).byteOffset,
      taps,
      inC,
      first,
      ...patchGeometryArgs(info),
    ];
    pool.run(
      'scatterPatches',
      ops.view(dx).buffer,
      args,
      count,
      Math.ceil(MIN_ADDS_PER_PART / (pixelsPerImage * rows)),
    );
    ops.dispose(product);
    if (!whole) ops.dispose(dySlice);
  }
  ops.dispose(wT);
  return dx;
}

/** The stock wasm kernel is a scalar loop, ~15× slower than the forward conv it mirrors. */
export const conv2dBackpropInputWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { inputShape } = attrs as unknown as { inputShape: [number, number, number, number] };
    const info = convInfo(inputShape, filter.shape, attrs as unknown as ConvAttrs);
    const strideOne = info.strideHeight === 1 && info.strideWidth === 1;
    return (
      (strideOne && viaForwardConv(wasmOps(backend), dy, filter, info)) || viaGemm(backend, dy, filter, info)
    );
  },
};
