import {
  Cast,
  type DataType,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { requireStock } from '../stock-kernels';
import { sharedData } from './Identity';
import { wasmHeap } from './wasm-heap';

/** bool from numbers: 1 where x ≠ 0 (NaN included), else 0. */
function toBool(backend: unknown, x: TensorInfo): TensorInfo {
  const heap = wasmHeap(backend);
  const out = heap.allocate([...x.shape], 'bool');
  const values = heap.view(x);
  const bools = heap.view(out);
  for (let i = 0; i < values.length; i++) bools[i] = values[i] !== 0 ? 1 : 0;
  return out;
}

/**
 * The stock wasm Cast copies the tensor even to its own dtype, which gradients ask for often (the
 * gradients of Square, Relu and Identity cast to float32): a cast to the same dtype shares the data.
 * To bool it stores the numbers' low bytes (−2.7 → 254, 0.4 → 0): here 1 where x ≠ 0, as on cpu.
 * Other casts convert as the stock kernel does.
 */
export const castWasmConfig: KernelConfig = {
  kernelName: Cast,
  backendName: 'wasm',
  kernelFunc: (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { dtype } = args.attrs as NamedAttrMap & { dtype: DataType };
    if (dtype === 'string' || x.dtype === 'string') return requireStock(Cast, 'wasm').kernelFunc(args);
    if (x.dtype === dtype) return sharedData(args.backend, x);
    if (dtype === 'bool') return toBool(args.backend, x);
    return requireStock(Cast, 'wasm').kernelFunc(args);
  },
};
