import { type DataType, type KernelConfig, OneHot, type TensorInfo } from '@tensorflow/tfjs-core';
import { wasmHeap } from './wasm-heap';

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
    const heap = wasmHeap(backend);
    const out = heap.allocate([...indices.shape, depth], dtype);
    const values = heap.view(out);
    const positions = heap.view(indices);
    values.fill(offValue);
    for (let i = 0; i < positions.length; i++) {
      const index = positions[i]!;
      if (index >= 0 && index < depth) values[i * depth + index] = onValue;
    }
    return out;
  },
};
