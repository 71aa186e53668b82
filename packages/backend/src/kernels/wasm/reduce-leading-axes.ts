import {
  type KernelBackend,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { requireStock } from '../stock-kernels';
import { heapParallelFor } from './parallel-for';
import { wasmHeap } from './wasm-heap';

/** The least work (values summed) worth handing to another thread. */
const MIN_SUMS_PER_PART = 1 << 16;
/** Rows per block of the row-block sums; matrices of fewer than two blocks sum whole columns. */
const BLOCK_ROWS = 256;

/** The number of reduced axes when they are exactly 0..k−1 with k below the rank; otherwise undefined. */
function leadingAxes(axis: number | number[], shape: number[]): number | undefined {
  const axes = util.parseAxisParam(axis, shape).sort((a, b) => a - b);
  const leading = axes.every((a, i) => a === i);
  return leading && axes.length > 0 && axes.length < shape.length ? axes.length : undefined;
}

/**
 * Column sums of a tall matrix (the common case: N·H·W rows of a few channels) by blocks of rows:
 * each thread sums its own blocks into float64 partials, which are then added in block order. The
 * blocks depend on the shape only, so the sums are bitwise the same on any number of threads.
 */
function blockColumnSums(
  backend: unknown,
  x: TensorInfo,
  out: TensorInfo,
  rows: number,
  weight: number,
): void {
  const heap = wasmHeap(backend);
  const width = util.sizeFromShape(out.shape);
  const blocks = Math.ceil(rows / BLOCK_ROWS);
  // Two float32 slots per float64, and one more for 8-byte alignment.
  const scratch = heap.allocate([2 * blocks * width + 1], 'float32');
  const scratchView = heap.view(scratch);
  const partialsOffset = scratchView.byteOffset + (scratchView.byteOffset % 8);
  const args = [heap.view(x).byteOffset, rows, width, partialsOffset, BLOCK_ROWS];
  const minBlocks = Math.ceil(MIN_SUMS_PER_PART / (BLOCK_ROWS * width));
  heapParallelFor(backend).run('blockColumnSums', scratchView.buffer, args, blocks, minBlocks);
  const partials = new Float64Array(scratchView.buffer, partialsOffset, blocks * width);
  const sums = partials.slice(0, width);
  for (let b = 1; b < blocks; b++) for (let j = 0; j < width; j++) sums[j]! += partials[b * width + j]!;
  const target = heap.view(out);
  for (let j = 0; j < width; j++) target[j] = sums[j]! * weight;
  (backend as KernelBackend).disposeData(scratch.dataId);
}

/** Column sums of a short matrix, the columns split over the threads (column-sums-loop.ts). */
function wholeColumnSums(
  backend: unknown,
  x: TensorInfo,
  out: TensorInfo,
  rows: number,
  weight: number,
): void {
  const heap = wasmHeap(backend);
  const width = util.sizeFromShape(out.shape);
  const args = [heap.view(x).byteOffset, rows, width, heap.view(out).byteOffset, weight];
  const minColumns = Math.ceil(MIN_SUMS_PER_PART / rows);
  heapParallelFor(backend).run('columnSums', heap.view(out).buffer, args, width, minColumns);
}

/**
 * A float32 reduction over the leading axes (N, H, W of an NHWC tensor: batch-norm statistics and
 * their gradients) as column sums over the heap, split over the threads. The stock wasm reductions
 * first transpose the reduced axes to the end, a slow copy of the whole tensor (~5× slower). (A GEMM
 * with a ones vector is no faster: XNNPACK repacks the large operand on every call.) Other cases go
 * to the stock kernel.
 */
export function leadingAxesReduction(kernelName: string, rowWeight: (rows: number) => number): KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const { axis, keepDims } = args.attrs as NamedAttrMap & { axis: number | number[]; keepDims: boolean };
      const k = x.dtype === 'float32' ? leadingAxes(axis, x.shape) : undefined;
      if (k === undefined) return requireStock(kernelName, 'wasm').kernelFunc(args);
      const rows = util.sizeFromShape(x.shape.slice(0, k));
      const kept = x.shape.slice(k);
      const out = wasmHeap(args.backend).allocate(
        keepDims ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept,
        'float32',
      );
      const sums = rows >= 2 * BLOCK_ROWS ? blockColumnSums : wholeColumnSums;
      sums(args.backend, x, out, rows, rowWeight(rows));
      return out;
    },
  };
}
