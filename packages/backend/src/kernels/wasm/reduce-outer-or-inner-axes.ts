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

/**
 * How a reduction splits the shape: the leading k axes reduced ('outer': the N, H, W of NHWC) or the
 * trailing k ('inner': the channels), k below the rank; undefined for other axes.
 */
function reducedAxes(
  axis: number | number[],
  shape: number[],
): { side: 'outer' | 'inner'; k: number } | undefined {
  const axes = util.parseAxisParam(axis, shape).sort((a, b) => a - b);
  const k = axes.length;
  if (k === 0 || k >= shape.length) return undefined;
  if (axes.every((a, i) => a === i)) return { side: 'outer', k };
  if (axes.every((a, i) => a === shape.length - k + i)) return { side: 'inner', k };
  return undefined;
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

/** Row sums (a reduction over the inner axes), the rows split over the threads (row-sums-loop.ts). */
function rowSums(backend: unknown, x: TensorInfo, out: TensorInfo, width: number, weight: number): void {
  const heap = wasmHeap(backend);
  const rows = util.sizeFromShape(out.shape);
  const args = [heap.view(x).byteOffset, width, heap.view(out).byteOffset, weight];
  heapParallelFor(backend).run(
    'rowSums',
    heap.view(out).buffer,
    args,
    rows,
    Math.ceil(MIN_SUMS_PER_PART / width),
  );
}

/**
 * A float32 reduction over the leading axes (N, H, W of an NHWC tensor: batch-norm statistics and
 * their gradients) as column sums over the heap, or over the trailing axes (the channel sums of
 * B-cos patch norms, layer norm) as row sums, split over the threads. The stock wasm reductions run
 * on one thread, and over leading axes first transpose them to the end, a slow copy of the whole
 * tensor (~5× slower). (A GEMM with a ones vector is no faster: XNNPACK repacks the large operand on
 * every call.) Other cases go to the stock kernel. `weight(count)` scales the sum of `count` values.
 */
export function outerOrInnerAxesReduction(
  kernelName: string,
  weight: (count: number) => number,
): KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const { axis, keepDims } = args.attrs as NamedAttrMap & { axis: number | number[]; keepDims: boolean };
      const reduced = x.dtype === 'float32' ? reducedAxes(axis, x.shape) : undefined;
      if (reduced === undefined) return requireStock(kernelName, 'wasm').kernelFunc(args);
      const rank = x.shape.length;
      const [first, last] = reduced.side === 'outer' ? [0, reduced.k] : [rank - reduced.k, rank];
      const count = util.sizeFromShape(x.shape.slice(first, last));
      const outShape = x.shape.flatMap((size, d) => (d < first || d >= last ? [size] : keepDims ? [1] : []));
      const out = wasmHeap(args.backend).allocate(outShape, 'float32');
      if (reduced.side === 'inner') rowSums(args.backend, x, out, count, weight(count));
      else {
        const sums = count >= 2 * BLOCK_ROWS ? blockColumnSums : wholeColumnSums;
        sums(args.backend, x, out, count, weight(count));
      }
      return out;
    },
  };
}
