import { BatchMatMul, getKernel, type KernelFunc } from '@tensorflow/tfjs-core';

/** The BatchMatMul kernel a backend registered, for project kernels that build on it. */
export function matMulKernelOf(backendName: string): KernelFunc {
  const config = getKernel(BatchMatMul, backendName);
  if (!config) throw new Error(`backend '${backendName}' has no BatchMatMul kernel to build on`);
  return config.kernelFunc;
}
