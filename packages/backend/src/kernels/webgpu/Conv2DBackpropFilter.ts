import {
  Conv2DBackpropFilter,
  type KernelConfig,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type ConvAttrs, convInfo } from '../shared/conv-geometry';
import { filterGradientShader, TILE } from './filter-gradient-shader';
import type { WebGPUBackendLike } from './shader-program';
import { splitCount, sumSplits } from './split-k';

interface FilterAttrs extends ConvAttrs {
  filterShape: [number, number, number, number];
}

/**
 * dW = Xᵀ·dY as one tiled GEMM over K = N·outH·outW (patches read in place, never an im2col buffer),
 * split along K so that small filters still fill the GPU, then a sum over the splits. The stock
 * kernel runs one thread per weight looping over all of N·H·W: 20 calls took 646 ms of a 787 ms
 * ResNet-18 step on an H100.
 */
function conv2dBackpropFilterWebgpu(args: {
  inputs: NamedTensorInfoMap;
  backend: unknown;
  attrs?: unknown;
}): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as FilterAttrs;
  const backend = args.backend as WebGPUBackendLike;
  const info = convInfo(x.shape, attrs.filterShape, attrs);
  const rows = info.filterHeight * info.filterWidth * info.inChannels;
  const columns = info.outChannels;
  const depth = info.batchSize * info.outHeight * info.outWidth;
  const splits = splitCount(rows, columns, depth, TILE);
  const outputShape = splits === 1 ? attrs.filterShape : [splits, rows, columns];
  const partial = backend.runWebGPUProgram(
    filterGradientShader(info, splits, outputShape),
    [x, dy],
    'float32',
  );
  if (splits === 1) return partial;
  try {
    return sumSplits(backend, partial, splits, attrs.filterShape);
  } finally {
    backend.disposeData(partial.dataId);
  }
}

export const conv2dBackpropFilterWebgpuConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'webgpu',
  kernelFunc: conv2dBackpropFilterWebgpu as KernelConfig['kernelFunc'],
};
