import { type KernelConfig, type NamedAttrMap, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { requireStock } from '../stock-kernels';
import { wasmHeap } from './wasm-heap';

/** The number of reduced axes when they are exactly 0..k−1 with k below the rank; otherwise undefined. */
function leadingAxes(axis: number | number[], shape: number[]): number | undefined {
  const axes = util.parseAxisParam(axis, shape).sort((a, b) => a - b);
  const leading = axes.every((a, i) => a === i);
  return leading && axes.length > 0 && axes.length < shape.length ? axes.length : undefined;
}

/** Column sums of a [rows, width] matrix in float64, four rows per pass. */
function columnSums(values: ArrayLike<number>, rows: number, width: number): Float64Array {
  const sums = new Float64Array(width);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const a = r * width;
    const b = a + width;
    const c = b + width;
    const d = c + width;
    for (let j = 0; j < width; j++)
      sums[j]! += values[a + j]! + values[b + j]! + values[c + j]! + values[d + j]!;
  }
  for (; r < rows; r++) for (let j = 0; j < width; j++) sums[j]! += values[r * width + j]!;
  return sums;
}

/**
 * A float32 reduction over the leading axes (N, H, W of an NHWC tensor: batch-norm statistics and
 * their gradients) as column sums over the heap. The stock wasm reductions first transpose the
 * reduced axes to the end, a slow copy of the whole tensor (~5× slower). (A GEMM with a ones vector
 * is no faster: XNNPACK repacks the large operand on every call.) Other cases go to the stock kernel.
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
      const sums = columnSums(heap.view(x), rows, util.sizeFromShape(kept));
      const weight = rowWeight(rows);
      heap.view(out).set(sums.map((s) => s * weight));
      return out;
    },
  };
}
