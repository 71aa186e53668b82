import { type KernelConfig, type NamedAttrMap, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { heapParallelFor } from './parallel-for';
import { wasmHeap } from './wasm-heap';

/** The project's kernel of one Adam update: inputs param, gradient, m, v, scalars; outputs [param, m, v]. */
export const ADAM_STEP = 'BcosAdamStep';

/** The least work (elements updated) worth handing to another thread. */
const MIN_UPDATES_PER_PART = 1 << 14;

/**
 * One Adam update as one kernel over the heap (adam-step-loop.ts), split over the kernel threads,
 * instead of the thirteen elementwise kernels of the composed ops: thirteen times fewer kernel calls
 * (each a fixed cost in the engine, and a hand-off to the thread pool), bitwise the same values.
 */
export const adamStepWasmConfig: KernelConfig = {
  kernelName: ADAM_STEP,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { param, gradient, m, v, scalars } = inputs as Record<string, TensorInfo>;
    const { beta1, beta2, epsilon } = attrs as NamedAttrMap & {
      beta1: number;
      beta2: number;
      epsilon: number;
    };
    const heap = wasmHeap(backend);
    const outputs = [param!, m!, v!].map((t) => heap.allocate([...t.shape], 'float32'));
    const offset = (t: TensorInfo) => heap.view(t).byteOffset;
    const f = Math.fround;
    const args = [
      ...[param!, gradient!, m!, v!, scalars!, ...outputs].map(offset),
      ...[beta1, 1 - beta1, beta2, 1 - beta2, epsilon].map(f),
    ];
    const size = util.sizeFromShape(param!.shape);
    heapParallelFor(backend).run('adamStep', heap.view(param!).buffer, args, size, MIN_UPDATES_PER_PART);
    return outputs;
  },
};
