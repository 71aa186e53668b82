import { Conv2D, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { type ConvAttrs, convInfo } from '../shared/conv-geometry';
import { requireStock } from '../stock-kernels';
import { convForward } from './conv2d-gemm';
import { type CpuBackend, floatValues } from './cpu-backend';

/** The forward convolution as a blocked matrix product (NCHW: the stock kernel). */
export function conv2dCpu(
  backend: CpuBackend,
  x: TensorInfo,
  filter: TensorInfo,
  attrs: ConvAttrs,
): TensorInfo {
  const info = convInfo(x.shape, filter.shape, attrs);
  const y = convForward(floatValues(backend, x), floatValues(backend, filter), info);
  return backend.makeTensorInfo([...info.outShape], 'float32', y);
}

export const conv2dCpuConfig: KernelConfig = {
  kernelName: Conv2D,
  backendName: 'cpu',
  kernelFunc: (args) => {
    const attrs = args.attrs as unknown as ConvAttrs;
    if (attrs.dataFormat === 'NCHW') return requireStock(Conv2D, 'cpu').kernelFunc(args);
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    return conv2dCpu(args.backend as CpuBackend, x, filter, attrs);
  },
};
