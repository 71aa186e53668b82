import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import { fillIm2col } from './im2col';

/** How a kernel reaches a host-memory backend's float32 data (cpu: JS arrays, wasm: the heap). */
export interface HostMemory {
  /** A new uninitialised float32 tensor of the backend. */
  allocate(shape: number[]): TensorInfo;
  /** A live view of a tensor's values; re-fetch after any allocation (the wasm heap can move). */
  view(tensor: TensorInfo): Float32Array;
  dispose(tensor: TensorInfo): void;
  /** aᵀ·b for a [1, m, k] and b [1, m, n], through the backend's own BatchMatMul kernel. */
  matMulTransposeA(a: TensorInfo, b: TensorInfo): TensorInfo;
}

/** Upper bound on the im2col buffer; larger batches are processed in slices of images. */
const MAX_COL_ELEMENTS = 1 << 24;

export interface Conv2DBackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
  dilations?: [number, number] | number;
}

/**
 * dW = im2col(x)ᵀ · dy: one GEMM of [kH·kW·inC, N·outH·outW] × [N·outH·outW, outC] through the
 * backend's BatchMatMul (XNNPACK on wasm), instead of a loop per filter element.
 */
export function conv2dBackpropFilterGemm(
  memory: HostMemory,
  x: TensorInfo,
  dy: TensorInfo,
  attrs: Conv2DBackpropFilterAttrs,
): TensorInfo {
  const { strides, pad, dimRoundingMode, filterShape } = attrs;
  const dilations = attrs.dilations ?? 1;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    dilations,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const [kh, kw, inC, outC] = filterShape;
  const rowLength = kh * kw * inC;
  const pixels = info.outHeight * info.outWidth;
  const imagesPerSlice = Math.max(
    1,
    Math.min(info.batchSize, Math.floor(MAX_COL_ELEMENTS / (pixels * rowLength))),
  );
  const result = new Float32Array(rowLength * outC);

  for (let first = 0; first < info.batchSize; first += imagesPerSlice) {
    const count = Math.min(imagesPerSlice, info.batchSize - first);
    const rows = count * pixels;
    const col = memory.allocate([1, rows, rowLength]);
    const wholeBatch = count === info.batchSize;
    const dySlice = wholeBatch ? dy : memory.allocate([1, rows, outC]);
    fillIm2col(memory.view(x), memory.view(col), info, first, count);
    if (!wholeBatch) {
      const start = first * pixels * outC;
      memory.view(dySlice).set(memory.view(dy).subarray(start, start + rows * outC));
    }
    const dyMatrix = wholeBatch ? { ...dy, shape: [1, rows, outC] } : dySlice;
    const product = memory.matMulTransposeA(col, dyMatrix);
    const values = memory.view(product);
    if (first === 0) result.set(values);
    else for (let i = 0; i < values.length; i++) result[i]! += values[i]!;
    memory.dispose(product);
    memory.dispose(col);
    if (!wholeBatch) memory.dispose(dySlice);
  }
  const output = memory.allocate(filterShape);
  memory.view(output).set(result);
  return output;
}
