import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { BCOS_BATCH_NORM, batchNormTrainingAttrs } from '../shared/batch-norm-training-attrs';
import { wasmHeap } from '../wasm/wasm-heap';
import { batchNormForward, type NormParameters } from './batch-norm-passes';
import { onHostBuffer, onWasmHeap } from './batch-norm-space';
import type { CpuBackend } from './host-kernel';

/** γ, β (β optional) and the attributes, γ and β read through `read`. */
export function normParameters(
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap | undefined,
  read: (t: TensorInfo) => Float32Array,
): NormParameters {
  const { centered, epsilon } = batchNormTrainingAttrs(attrs);
  return { gamma: read(inputs.gamma!), beta: inputs.beta && read(inputs.beta), centered, epsilon };
}

/** y and the batch statistics [2, C] of BcosBatchNorm on cpu (one thread; batch-norm-passes.ts). */
export const batchNormCpuConfig: KernelConfig = {
  kernelName: BCOS_BATCH_NORM,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cpu = backend as CpuBackend;
    const read = (t: TensorInfo) => cpu.data.get(t.dataId).values as Float32Array;
    const x = inputs.x!;
    const stats = new Float32Array(2 * x.shape[3]!);
    const norm = normParameters(inputs, attrs, read);
    const { out } = onHostBuffer(read(x), undefined, x.shape, (space) =>
      batchNormForward(space, stats, norm),
    );
    return [
      cpu.makeTensorInfo([...x.shape], 'float32', out),
      cpu.makeTensorInfo([2, x.shape[3]!], 'float32', stats),
    ];
  },
};

/** BcosBatchNorm on wasm: the passes over the heap, split over the threads. */
export const batchNormWasmConfig: KernelConfig = {
  kernelName: BCOS_BATCH_NORM,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const heap = wasmHeap(backend);
    const x = inputs.x!;
    const stats = heap.allocate([2, x.shape[3]!], 'float32');
    const { out } = onWasmHeap(backend, x, undefined, (space) => {
      const read = (t: TensorInfo) => heap.view(t) as Float32Array;
      batchNormForward(space, read(stats), normParameters(inputs, attrs, read));
    });
    return [out, stats];
  },
};
