import { AddN, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { requireStock } from '../stock-kernels';
import type { WebGPUBackendLike } from './shader-program';

/**
 * tfjs-backend-webgpu 4.22's AddN binds every input to one shader: past the device's limit of storage
 * buffers per stage (8 on many adapters: 7 inputs and the output) the pipeline is invalid and the
 * result is whatever the output buffer held, with only a validation message on stderr. FullGrad sums
 * a map per biased layer (a MobileNetV2: ~100), a multi-layer CAM one per layer. Here the inputs
 * are summed in groups that fit, each group's sum carried into the next.
 */
export const addNWebgpuConfig: KernelConfig = {
  kernelName: AddN,
  backendName: 'webgpu',
  kernelFunc: (args) => {
    const stock = requireStock(AddN, 'webgpu');
    const tensors = args.inputs as unknown as TensorInfo[];
    const backend = args.backend as WebGPUBackendLike & { device: GPUDevice };
    const perShader = backend.device.limits.maxStorageBuffersPerShaderStage - 1;
    if (tensors.length <= perShader) return stock.kernelFunc(args);
    let sum = stock.kernelFunc({ ...args, inputs: tensors.slice(0, perShader) as never }) as TensorInfo;
    for (let start = perShader; start < tensors.length; start += perShader - 1) {
      const group = [sum, ...tensors.slice(start, start + perShader - 1)];
      const next = stock.kernelFunc({ ...args, inputs: group as never }) as TensorInfo;
      backend.disposeData(sum.dataId);
      sum = next;
    }
    return sum;
  },
};
