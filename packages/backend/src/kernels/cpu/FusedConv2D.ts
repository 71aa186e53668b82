import {
  Add,
  Elu,
  FusedConv2D,
  getKernel,
  type KernelConfig,
  LeakyRelu,
  type NamedAttrMap,
  Prelu,
  Relu,
  Relu6,
  Sigmoid,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { ConvAttrs } from '../shared/conv-geometry';
import { requireStock } from '../stock-kernels';
import { conv2dCpu } from './Conv2D';
import type { CpuBackend } from './cpu-backend';

interface FusedConvAttrs extends ConvAttrs {
  activation?: string;
  leakyreluAlpha?: number;
}

interface FusedConvInputs {
  x: TensorInfo;
  filter: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

/** Conv2D, then the cpu backend's own Add and activation kernels, as its stock FusedConv2D does. */
export const fusedConv2dCpuConfig: KernelConfig = {
  kernelName: FusedConv2D,
  backendName: 'cpu',
  kernelFunc: (args) => {
    const attrs = args.attrs as unknown as FusedConvAttrs;
    if (attrs.dataFormat === 'NCHW') return requireStock(FusedConv2D, 'cpu').kernelFunc(args);
    const backend = args.backend as CpuBackend;
    const inputs = args.inputs as unknown as FusedConvInputs;
    let result = conv2dCpu(backend, inputs.x, inputs.filter, attrs);
    if (inputs.bias) result = replace(backend, result, Add, { a: result, b: inputs.bias });
    const activation = attrs.activation ?? 'linear';
    if (activation === 'linear') return result;
    const kernel = ACTIVATIONS[activation];
    if (!kernel) throw new Error(`FusedConv2D on cpu: unknown activation '${activation}'`);
    const activationInputs: Record<string, TensorInfo> = { x: result };
    if (activation === 'prelu') activationInputs.alpha = inputs.preluActivationWeights!;
    return replace(backend, result, kernel, activationInputs, { alpha: attrs.leakyreluAlpha ?? 0.2 });
  },
};

const ACTIVATIONS: Record<string, string> = {
  relu: Relu,
  relu6: Relu6,
  elu: Elu,
  sigmoid: Sigmoid,
  leakyrelu: LeakyRelu,
  prelu: Prelu,
};

/** Runs the cpu kernel `name` on `inputs` and frees `previous`, the intermediate it consumed. */
function replace(
  backend: CpuBackend,
  previous: TensorInfo,
  name: string,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = getKernel(name, 'cpu');
  if (!kernel) throw new Error(`FusedConv2D on cpu: the cpu backend has no ${name} kernel`);
  const next = kernel.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
  backend.disposeIntermediateTensorInfo(previous);
  return next;
}
