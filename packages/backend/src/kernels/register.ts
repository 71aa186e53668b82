import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { floatBinaryCpuConfigs } from './cpu/binary-kernels';
import { conv2dCpuConfig } from './cpu/Conv2D';
import { conv2dBackpropFilterCpuConfig } from './cpu/Conv2DBackpropFilter';
import { conv2dBackpropInputCpuConfig } from './cpu/Conv2DBackpropInput';
import { fusedConv2dCpuConfig } from './cpu/FusedConv2D';
import { sliceCpuConfig } from './cpu/Slice';
import { tileCpuConfig } from './cpu/Tile';
import { batchNormCpuConfig, batchNormWasmConfig } from './host/BcosBatchNorm';
import { batchNormGradCpuConfig, batchNormGradWasmConfig } from './host/BcosBatchNormGrad';
import { groupNormHostConfigs } from './host/BcosGroupNorm';
import { groupNormGradHostConfigs } from './host/BcosGroupNormGrad';
import { groupNormParamGradHostConfigs } from './host/BcosGroupNormParamGrad';
import { groupNormStatsHostConfigs } from './host/BcosGroupNormStats';
import { rememberStock, stockKernel } from './stock-kernels';
import { adamStepWasmConfig } from './wasm/AdamStep';
import { castWasmConfig } from './wasm/Cast';
import { conv2dBackpropFilterWasmConfig } from './wasm/Conv2DBackpropFilter';
import { conv2dBackpropInputWasmConfig } from './wasm/Conv2DBackpropInput';
import { depthwiseConv2dNativeBackpropFilterWasmConfig } from './wasm/DepthwiseConv2dNativeBackpropFilter';
import { depthwiseConv2dNativeBackpropInputWasmConfig } from './wasm/DepthwiseConv2dNativeBackpropInput';
import { fusedBatchNormWasmConfig } from './wasm/FusedBatchNorm';
import { identityWasmConfig } from './wasm/Identity';
import { maxPoolGradWasmConfig } from './wasm/MaxPoolGrad';
import { meanWasmConfig } from './wasm/Mean';
import { oneHotWasmConfig } from './wasm/OneHot';
import { sumWasmConfig } from './wasm/Sum';
import { tileWasmConfig } from './wasm/Tile';
import { unsortedSegmentSumWasmConfig } from './wasm/UnsortedSegmentSum';
import { addNWebgpuConfig } from './webgpu/AddN';
import { groupNormWebgpuConfig } from './webgpu/BcosGroupNorm';
import { groupNormGradWebgpuConfig } from './webgpu/BcosGroupNormGrad';
import { groupNormParamGradWebgpuConfig } from './webgpu/BcosGroupNormParamGrad';
import { groupNormStatsWebgpuConfig } from './webgpu/BcosGroupNormStats';
import { conv2dBackpropFilterWebgpuConfig } from './webgpu/Conv2DBackpropFilter';
import { maxPoolGradWebgpuConfig } from './webgpu/MaxPoolGrad';

/** Kernels the project adds to (or puts in place of the stock ones of) each backend. */
export const PROJECT_KERNELS: readonly KernelConfig[] = [
  conv2dCpuConfig,
  fusedConv2dCpuConfig,
  conv2dBackpropInputCpuConfig,
  conv2dBackpropFilterCpuConfig,
  tileCpuConfig,
  sliceCpuConfig,
  ...floatBinaryCpuConfigs,
  conv2dBackpropFilterWasmConfig,
  conv2dBackpropInputWasmConfig,
  depthwiseConv2dNativeBackpropInputWasmConfig,
  depthwiseConv2dNativeBackpropFilterWasmConfig,
  oneHotWasmConfig,
  tileWasmConfig,
  sumWasmConfig,
  meanWasmConfig,
  unsortedSegmentSumWasmConfig,
  maxPoolGradWasmConfig,
  adamStepWasmConfig,
  fusedBatchNormWasmConfig,
  identityWasmConfig,
  castWasmConfig,
  conv2dBackpropFilterWebgpuConfig,
  maxPoolGradWebgpuConfig,
  addNWebgpuConfig,
  batchNormCpuConfig,
  batchNormWasmConfig,
  batchNormGradCpuConfig,
  batchNormGradWasmConfig,
  ...groupNormHostConfigs,
  ...groupNormStatsHostConfigs,
  ...groupNormGradHostConfigs,
  ...groupNormParamGradHostConfigs,
  groupNormWebgpuConfig,
  groupNormStatsWebgpuConfig,
  groupNormGradWebgpuConfig,
  groupNormParamGradWebgpuConfig,
];

/**
 * Replaces (or adds) a kernel. The stock kernel's setup/dispose functions are kept: wasm kernels
 * bind their C entry points in setupFunc when the backend starts, and project kernels that hand
 * uncommon cases to the stock kernel need those bindings.
 */
function install(config: KernelConfig): void {
  const current = getKernel(config.kernelName, config.backendName);
  if (current?.kernelFunc === config.kernelFunc) return;
  rememberStock(config.kernelName, config.backendName, current);
  if (current) unregisterKernel(config.kernelName, config.backendName);
  registerKernel({ ...config, setupFunc: current?.setupFunc, disposeFunc: current?.disposeFunc });
}

/** Registers the project's kernels for one backend (or all); idempotent. */
export function registerProjectKernels(backendName?: string): void {
  for (const config of PROJECT_KERNELS) {
    if (backendName === undefined || config.backendName === backendName) install(config);
  }
}

/**
 * Puts the stock kernels back (where the backend had one), for benchmarks that compare both in one
 * run. Kernels the backend lacks stay registered: without them it cannot train at all.
 */
export function useStockKernels(backendName: string): void {
  for (const config of PROJECT_KERNELS) {
    if (config.backendName !== backendName) continue;
    const stock = stockKernel(config.kernelName, config.backendName);
    if (!stock) continue;
    unregisterKernel(config.kernelName, config.backendName);
    registerKernel(stock);
  }
}
