import {
  type DataType,
  type KernelBackend,
  type KernelConfig,
  OneHot,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

interface WasmHeap extends KernelBackend {
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * tfjs-backend-wasm 4.22's OneHot writes int32 whatever the dtype, so `tf.oneHot(i, n, 1, 0,
 * 'float32')` reads back as denormals (1 → 1.4e-45) and fractional on/off values are truncated.
 * Written here in the requested dtype; out-of-range indices give an all-off row, as on cpu.
 */
export const oneHotWasmConfig: KernelConfig = {
  kernelName: OneHot,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { indices } = inputs as { indices: TensorInfo };
    const { depth, onValue, offValue, dtype } = attrs as unknown as {
      depth: number;
      onValue: number;
      offValue: number;
      dtype: DataType;
    };
    const heap = backend as WasmHeap;
    const out = heap.makeOutput([...indices.shape, depth], dtype);
    const values = heap.typedArrayFromHeap(out);
    const positions = heap.typedArrayFromHeap(indices);
    values.fill(offValue);
    for (let i = 0; i < positions.length; i++) {
      const index = positions[i]!;
      if (index >= 0 && index < depth) values[i * depth + index] = onValue;
    }
    return out;
  },
};
