import type {
  BackendValues,
  KernelBackend,
  KernelConfig,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { wasmHeap } from '../wasm/wasm-heap';

/** A float32 kernel written once over host arrays, for the cpu and the wasm backend. */
export interface HostKernel {
  kernelName: string;
  outputShape(inputs: NamedTensorInfoMap, attrs: NamedAttrMap): number[];
  /** Fills `out` from the inputs' values (absent inputs are undefined). */
  compute(
    values: Record<string, Float32Array>,
    out: Float32Array,
    inputs: NamedTensorInfoMap,
    attrs: NamedAttrMap,
  ): void;
}

export interface CpuBackend extends KernelBackend {
  data: { get(dataId: object): { values: BackendValues } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

function valuesOf(inputs: NamedTensorInfoMap, read: (t: TensorInfo) => Float32Array) {
  const values: Record<string, Float32Array> = {};
  for (const [name, info] of Object.entries(inputs)) if (info) values[name] = read(info);
  return values;
}

/** The kernel registered for cpu and for wasm. */
export function hostKernelConfigs(kernel: HostKernel): KernelConfig[] {
  const cpu: KernelConfig = {
    kernelName: kernel.kernelName,
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const cpuBackend = backend as CpuBackend;
      const shape = kernel.outputShape(inputs, attrs ?? {});
      const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
      const read = (t: TensorInfo) => cpuBackend.data.get(t.dataId).values as Float32Array;
      kernel.compute(valuesOf(inputs, read), out, inputs, attrs ?? {});
      return cpuBackend.makeTensorInfo(shape, 'float32', out);
    },
  };
  const wasm: KernelConfig = {
    kernelName: kernel.kernelName,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const heap = wasmHeap(backend);
      const result = heap.allocate(kernel.outputShape(inputs, attrs ?? {}), 'float32');
      const read = (t: TensorInfo) => heap.view(t) as Float32Array;
      kernel.compute(valuesOf(inputs, read), heap.view(result) as Float32Array, inputs, attrs ?? {});
      return result;
    },
  };
  return [cpu, wasm];
}
