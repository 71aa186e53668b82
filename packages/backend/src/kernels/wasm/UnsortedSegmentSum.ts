import { type KernelConfig, type TensorInfo, UnsortedSegmentSum } from '@tensorflow/tfjs-core';
import { wasmHeap } from './wasm-heap';

/**
 * tfjs-backend-wasm 4.22 has no UnsortedSegmentSum, the gradient of Gather: out[s, …] = Σ of the
 * rows of x whose segment id is s (ids out of range are dropped).
 */
export const unsortedSegmentSumWasmConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const { numSegments } = attrs as unknown as { numSegments: number };
    const rowShape = x.shape.slice(segmentIds.shape.length);
    const rowSize = rowShape.reduce((a, b) => a * b, 1);
    const heap = wasmHeap(backend);
    const out = heap.allocate([numSegments, ...rowShape], x.dtype);
    const [sums, values, ids] = [heap.view(out), heap.view(x), heap.view(segmentIds)];
    sums.fill(0);
    for (let row = 0; row < ids.length; row++) {
      const segment = ids[row]!;
      if (segment < 0 || segment >= numSegments) continue;
      const [from, to] = [row * rowSize, segment * rowSize];
      for (let i = 0; i < rowSize; i++) sums[to + i]! += values[from + i]!;
    }
    return out;
  },
};
