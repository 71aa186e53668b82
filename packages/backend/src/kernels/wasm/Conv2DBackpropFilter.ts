import {
  Conv2DBackpropFilter,
  type KernelBackend,
  type KernelConfig,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { matMulKernelOf } from '../shared/backend-kernel';
import {
  type Conv2DBackpropFilterAttrs,
  conv2dBackpropFilterGemm,
  type HostMemory,
} from '../shared/conv2d-backprop-filter-gemm';

interface WasmBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

function wasmMemory(backend: WasmBackend): HostMemory {
  const batchMatMul = matMulKernelOf('wasm');
  return {
    allocate: (shape) => backend.makeOutput(shape, 'float32'),
    view: (tensor) => backend.typedArrayFromHeap(tensor),
    dispose: (tensor) => {
      backend.disposeData(tensor.dataId);
    },
    matMulTransposeA: (a, b) =>
      batchMatMul({
        inputs: { a, b },
        backend,
        attrs: { transposeA: true, transposeB: false },
      }) as TensorInfo,
  };
}

/** tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter, so no conv net trains on wasm without it. */
export const conv2dBackpropFilterWasmConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as NamedTensorInfoMap & { x: TensorInfo; dy: TensorInfo };
    return conv2dBackpropFilterGemm(
      wasmMemory(backend as WasmBackend),
      x,
      dy,
      attrs as unknown as Conv2DBackpropFilterAttrs,
    );
  },
};
