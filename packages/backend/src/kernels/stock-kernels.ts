import type { KernelConfig } from '@tensorflow/tfjs-core';

/** The stock kernels project kernels replaced, by backend and kernel name. */
const stockKernels = new Map<string, KernelConfig | undefined>();

const keyOf = (kernelName: string, backendName: string) => `${backendName}/${kernelName}`;

export function rememberStock(
  kernelName: string,
  backendName: string,
  config: KernelConfig | undefined,
): void {
  const key = keyOf(kernelName, backendName);
  if (!stockKernels.has(key)) stockKernels.set(key, config);
}

/** The stock kernel a project kernel replaced, if the backend had one. */
export function stockKernel(kernelName: string, backendName: string): KernelConfig | undefined {
  return stockKernels.get(keyOf(kernelName, backendName));
}

/** For project kernels that handle the common cases and hand the rest to the kernel they replaced. */
export function requireStock(kernelName: string, backendName: string): KernelConfig {
  const stock = stockKernel(kernelName, backendName);
  if (!stock) throw new Error(`no stock ${kernelName} kernel of '${backendName}' to fall back to`);
  return stock;
}
