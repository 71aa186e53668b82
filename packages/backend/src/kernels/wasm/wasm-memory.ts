import { BatchMatMul, Conv2D, getKernel, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import { wasmHeap } from './wasm-heap';

export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];

/** What the project's wasm kernels need of the wasm backend: heap tensors and its XNNPACK kernels. */
export interface WasmOps {
  /** A new uninitialised float32 tensor on the wasm heap. */
  allocate(shape: number[]): TensorInfo;
  /** A view of a tensor's heap memory; take it after the last allocation (the heap can grow and move). */
  view(tensor: TensorInfo): Float32Array;
  dispose(tensor: TensorInfo): void;
  /** a·b for a [1, m, k] and b [1, k, n]: the untransposed case, the only fast one in tfjs-backend-wasm 4.22. */
  matMul(a: TensorInfo, b: TensorInfo): TensorInfo;
  /** A stride-1 NHWC convolution with explicit padding. */
  conv2d(x: TensorInfo, filter: TensorInfo, pad: ExplicitPadding): TensorInfo;
}

function kernel(name: string) {
  const config = getKernel(name, 'wasm');
  if (!config) throw new Error(`the wasm backend has no ${name} kernel to build on`);
  return config.kernelFunc;
}

export function wasmOps(kernelBackend: unknown): WasmOps {
  const backend = kernelBackend as KernelBackend;
  const heap = wasmHeap(kernelBackend);
  const batchMatMul = kernel(BatchMatMul);
  const conv2d = kernel(Conv2D);
  return {
    allocate: (shape) => heap.allocate(shape, 'float32'),
    view: (tensor) => heap.view(tensor) as Float32Array,
    dispose: (tensor) => {
      backend.disposeData(tensor.dataId);
    },
    matMul: (a, b) =>
      batchMatMul({
        inputs: { a, b },
        backend,
        attrs: { transposeA: false, transposeB: false },
      }) as TensorInfo,
    conv2d: (x, filter, pad) =>
      conv2d({
        inputs: { x, filter },
        backend,
        attrs: { strides: 1, pad, dataFormat: 'NHWC', dilations: 1 },
      }) as TensorInfo,
  };
}

/** The same heap data seen with another shape of equal size (what Reshape does on wasm). */
export function withShape(tensor: TensorInfo, shape: number[]): TensorInfo {
  return { ...tensor, shape };
}
