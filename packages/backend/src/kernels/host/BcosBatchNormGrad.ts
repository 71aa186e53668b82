import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { BCOS_BATCH_NORM_GRAD, batchNormTrainingAttrs } from '../shared/batch-norm-training-attrs';
import { wasmHeap } from '../wasm/wasm-heap';
import { normParameters } from './BcosBatchNorm';
import { batchNormGradient, type PassSpace } from './batch-norm-passes';
import { onHostBuffer, onWasmHeap } from './batch-norm-space';
import type { CpuBackend } from './host-kernel';

function gradient(
  space: PassSpace,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap | undefined,
  read: (t: TensorInfo) => Float32Array,
) {
  const norm = { ...normParameters(inputs, attrs, read), ...batchNormTrainingAttrs(attrs) };
  return batchNormGradient(space, read(inputs.stats!), norm);
}

/** [dx, dγ, dβ] of BcosBatchNorm on cpu (one thread; batch-norm-passes.ts). */
export const batchNormGradCpuConfig: KernelConfig = {
  kernelName: BCOS_BATCH_NORM_GRAD,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cpu = backend as CpuBackend;
    const read = (t: TensorInfo) => cpu.data.get(t.dataId).values as Float32Array;
    const x = inputs.x!;
    const { out, result } = onHostBuffer(read(x), read(inputs.dy!), x.shape, (space) =>
      gradient(space, inputs, attrs, read),
    );
    const channels = [x.shape[3]!];
    return [
      cpu.makeTensorInfo([...x.shape], 'float32', out),
      cpu.makeTensorInfo(channels, 'float32', Float32Array.from(result.dGamma)),
      cpu.makeTensorInfo(channels, 'float32', Float32Array.from(result.dBeta)),
    ];
  },
};

/** BcosBatchNormGrad on wasm: the passes over the heap, split over the threads. */
export const batchNormGradWasmConfig: KernelConfig = {
  kernelName: BCOS_BATCH_NORM_GRAD,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const heap = wasmHeap(backend);
    const x = inputs.x!;
    const [dGamma, dBeta] = [0, 1].map(() => heap.allocate([x.shape[3]!], 'float32')) as [
      TensorInfo,
      TensorInfo,
    ];
    const { out } = onWasmHeap(backend, x, inputs.dy, (space) => {
      const read = (t: TensorInfo) => heap.view(t) as Float32Array;
      const sums = gradient(space, inputs, attrs, read);
      read(dGamma).set(sums.dGamma);
      read(dBeta).set(sums.dBeta);
    });
    return [out, dGamma, dBeta];
  },
};
