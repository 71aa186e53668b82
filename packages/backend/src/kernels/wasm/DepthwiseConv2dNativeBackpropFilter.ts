import {
  DepthwiseConv2dNativeBackpropFilter,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type DepthwiseAttrs, depthwiseBackpropFilter, depthwiseInfo } from '../shared/depthwise-backprop';
import { wasmOps } from './wasm-memory';

/** tfjs-backend-wasm 4.22 has no depthwise backprop: training a MobileNet's depthwise filters needs it. */
export const depthwiseConv2dNativeBackpropFilterWasmConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { filterShape } = attrs as unknown as { filterShape: [number, number, number, number] };
    const info = depthwiseInfo(x.shape, filterShape, attrs as unknown as DepthwiseAttrs);
    const ops = wasmOps(backend);
    const dw = depthwiseBackpropFilter(ops.view(x), ops.view(dy), info);
    const output = ops.allocate([...filterShape]);
    ops.view(output).set(dw);
    return output;
  },
};
