import {
  DepthwiseConv2dNativeBackpropInput,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type DepthwiseAttrs, depthwiseBackpropInput, depthwiseInfo } from '../shared/depthwise-backprop';
import { wasmOps } from './wasm-memory';

/** tfjs-backend-wasm 4.22 has no depthwise backprop: every gradient below a MobileNet's depthwise conv needs it. */
export const depthwiseConv2dNativeBackpropInputWasmConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { inputShape } = attrs as unknown as { inputShape: [number, number, number, number] };
    const info = depthwiseInfo(inputShape, filter.shape, attrs as unknown as DepthwiseAttrs);
    const ops = wasmOps(backend);
    const dx = depthwiseBackpropInput(ops.view(dy), ops.view(filter), info);
    const output = ops.allocate([...inputShape]);
    ops.view(output).set(dx);
    return output;
  },
};
