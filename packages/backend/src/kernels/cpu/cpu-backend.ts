import type { BackendValues, DataType, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

/** What the project's cpu kernels use of tfjs' cpu backend. */
export interface CpuBackend extends KernelBackend {
  data: { get(dataId: object): { values: BackendValues } };
  makeTensorInfo(shape: number[], dtype: DataType, values: BackendValues): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

/** A float32 tensor's values as the cpu backend holds them. */
export function floatValues(backend: CpuBackend, tensor: TensorInfo): Float32Array {
  return backend.data.get(tensor.dataId).values as Float32Array;
}
