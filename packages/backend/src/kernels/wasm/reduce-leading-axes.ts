import { type KernelConfig, type NamedAttrMap, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { requireStock } from '../stock-kernels';
import { heapParallelFor } from './parallel-for';
import { wasmHeap } from './wasm-heap';

/** The least work (values summed) worth handing to another thread. */
const MIN_SUMS_PER_PART = 1 << 16;

/** The number of reduced axes when they are exactly 0..k−1 with k below the rank; otherwise undefined. */
function leadingAxes(axis: number | number[], shape: number[]): number | undefined {
  const axes = util.parseAxisParam(axis, shape).sort((a, b) => a - b);
  const leading = axes.every((a, i) => a === i);
  return leading && axes.length > 0 && axes.length < shape.length ? axes.length : undefined;
}

/**
 * A float32 reduction over the leading axes (N, H, W of an NHWC tensor: batch-norm statistics and
 * their gradients) as column sums over the heap (column-sums-loop.ts), the columns split over the
 * threads. The stock wasm reductions first transpose the reduced axes to the end, a slow copy of the
 * whole tensor (~5× slower). (A GEMM with a ones vector is no faster: XNNPACK repacks the large
 * operand on every call.) Other cases go to the stock kernel.
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
      const heap = wasmHeap(args.backend);
      const out = heap.allocate(keepDims ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept, 'float32');
      const width = util.sizeFromShape(kept);
      const loopArgs = [heap.view(x).byteOffset, rows, width, heap.view(out).byteOffset, rowWeight(rows)];
      heapParallelFor(args.backend).run(
        'columnSums',
        heap.view(out).buffer,
        loopArgs,
        width,
        Math.ceil(MIN_SUMS_PER_PART / rows),
      );
      return out;
    },
  };
}
