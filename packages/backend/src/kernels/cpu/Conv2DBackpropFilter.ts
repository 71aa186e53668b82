import { Conv2DBackpropFilter, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { type ConvAttrs, convInfo } from '../shared/conv-geometry';
import { requireStock } from '../stock-kernels';
import { convBackpropFilter } from './conv2d-gemm';
import { type CpuBackend, floatValues } from './cpu-backend';

/**
 * dW = Pᵀ·dy as a blocked matrix product (NCHW: the stock kernel, which loops per filter element
 * over the whole batch, ~85× slower than its forward conv).
 */
export const conv2dBackpropFilterCpuConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'cpu',
  kernelFunc: (args) => {
    const attrs = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
    if (attrs.dataFormat === 'NCHW') return requireStock(Conv2DBackpropFilter, 'cpu').kernelFunc(args);
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const backend = args.backend as CpuBackend;
    const info = convInfo(x.shape, attrs.filterShape, attrs);
    const dw = convBackpropFilter(floatValues(backend, x), floatValues(backend, dy), info);
    return backend.makeTensorInfo([...attrs.filterShape], 'float32', dw);
  },
};
