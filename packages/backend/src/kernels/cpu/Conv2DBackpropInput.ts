import { Conv2DBackpropInput, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { type ConvAttrs, convInfo } from '../shared/conv-geometry';
import { requireStock } from '../stock-kernels';
import { convBackpropInput } from './conv2d-gemm';
import { type CpuBackend, floatValues } from './cpu-backend';

/** dx = dy·Wᵀ scattered back over the patches, as a blocked matrix product (NCHW: the stock kernel). */
export const conv2dBackpropInputCpuConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'cpu',
  kernelFunc: (args) => {
    const attrs = args.attrs as unknown as ConvAttrs & { inputShape: number[] };
    if (attrs.dataFormat === 'NCHW') return requireStock(Conv2DBackpropInput, 'cpu').kernelFunc(args);
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const backend = args.backend as CpuBackend;
    const info = convInfo(attrs.inputShape, filter.shape, attrs);
    const dx = convBackpropInput(floatValues(backend, dy), floatValues(backend, filter), info);
    return backend.makeTensorInfo([...attrs.inputShape], 'float32', dx);
  },
};
