import {
  type BackendValues,
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

interface CpuBackend extends KernelBackend {
  data: { get(dataId: object): { values: BackendValues } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

function cpuMemory(backend: CpuBackend): HostMemory {
  const batchMatMul = matMulKernelOf('cpu');
  return {
    allocate: (shape) =>
      backend.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((a, b) => a * b, 1))),
    view: (tensor) => backend.data.get(tensor.dataId).values as Float32Array,
    dispose: (tensor) => backend.disposeIntermediateTensorInfo(tensor),
    matMulTransposeA: (a, b) =>
      batchMatMul({
        inputs: { a, b },
        backend,
        attrs: { transposeA: true, transposeB: false },
      }) as TensorInfo,
  };
}

/** Replaces the stock cpu kernel, a loop per filter element ~85× slower than the forward conv. */
export const conv2dBackpropFilterCpuConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as NamedTensorInfoMap & { x: TensorInfo; dy: TensorInfo };
    return conv2dBackpropFilterGemm(
      cpuMemory(backend as CpuBackend),
      x,
      dy,
      attrs as unknown as Conv2DBackpropFilterAttrs,
    );
  },
};
