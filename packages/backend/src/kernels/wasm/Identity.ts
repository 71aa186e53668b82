import { Identity, type KernelBackend, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { requireStock } from '../stock-kernels';

/** The same data under a new tensor (one more reference to it), as cpu and webgpu do and wasm's Reshape does. */
export function sharedData(backend: unknown, x: TensorInfo): TensorInfo {
  (backend as KernelBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/**
 * The stock wasm Identity copies the tensor. The engine clones (Identity) every tensor a gradient
 * saves for the backward pass: ~500 copies of activations per ResNet-18 training step, on one
 * thread. Tensors are immutable, so sharing the data is enough.
 */
export const identityWasmConfig: KernelConfig = {
  kernelName: Identity,
  backendName: 'wasm',
  kernelFunc: (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return requireStock(Identity, 'wasm').kernelFunc(args);
    return sharedData(args.backend, x);
  },
};
