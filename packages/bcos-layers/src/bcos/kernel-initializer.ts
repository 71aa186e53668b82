import { initializers } from '@tensorflow/tfjs-layers';

/** PyTorch's default for conv and linear weights (uniform ±1/sqrt(fan_in)), as the reference trains from it. */
export function torchDefaultKernelInitializer() {
  return initializers.varianceScaling({ scale: 1 / 3, mode: 'fanIn', distribution: 'uniform' });
}
