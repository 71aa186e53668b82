import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterCpuConfig } from './cpu/Conv2DBackpropFilter';
import { conv2dBackpropFilterWasmConfig } from './wasm/Conv2DBackpropFilter';
import { conv2dBackpropInputWasmConfig } from './wasm/Conv2DBackpropInput';
import { oneHotWasmConfig } from './wasm/OneHot';

/** Kernels the project adds to (or puts in place of the stock ones of) each backend. */
export const PROJECT_KERNELS: readonly KernelConfig[] = [
  conv2dBackpropFilterCpuConfig,
  conv2dBackpropFilterWasmConfig,
  conv2dBackpropInputWasmConfig,
  oneHotWasmConfig,
];

const stockKernels = new Map<string, KernelConfig | undefined>();
const keyOf = (config: Pick<KernelConfig, 'kernelName' | 'backendName'>) =>
  `${config.backendName}/${config.kernelName}`;

function install(config: KernelConfig): void {
  const current = getKernel(config.kernelName, config.backendName);
  if (current?.kernelFunc === config.kernelFunc) return;
  if (!stockKernels.has(keyOf(config))) stockKernels.set(keyOf(config), current);
  if (current) unregisterKernel(config.kernelName, config.backendName);
  registerKernel(config);
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
    const stock = stockKernels.get(keyOf(config));
    if (!stock) continue;
    unregisterKernel(config.kernelName, config.backendName);
    registerKernel(stock);
  }
}

/** The stock kernel a project kernel replaced, if the backend had one. */
export function stockKernel(kernelName: string, backendName: string): KernelConfig | undefined {
  return stockKernels.get(`${backendName}/${kernelName}`);
}
