import type { DataType, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

type HeapArray = Float32Array | Int32Array | Uint8Array;

interface WasmHeap extends KernelBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): HeapArray;
}

/** Heap allocation and views of the wasm backend, for kernels written in JS over its memory. */
export function wasmHeap(backend: unknown) {
  const heap = backend as WasmHeap;
  return {
    allocate: (shape: number[], dtype: DataType) => heap.makeOutput(shape, dtype),
    /** Take views after the last allocation: growing the heap detaches earlier ones. */
    view: (tensor: TensorInfo): HeapArray => heap.typedArrayFromHeap(tensor),
  };
}
