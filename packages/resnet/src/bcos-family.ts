import { bcosConv2d } from '@bcos/layers';
import { layers, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import { bcosNorm, type ResolvedBcosNorm } from './bcos-norm';
import type { ResnetFamily } from './family';
import { zeroPad } from './padded-conv';

export interface BcosSettings {
  b: number;
  maxOut: number;
  norm: ResolvedBcosNorm;
}

/**
 * B-cos v2's ResNet parts: every conv a B-cos conv, bias-free norms, no ReLU (the B-cos transform is
 * the non-linearity), and an ImageNet stem that average-pools counting the padded zeros.
 */
export function bcosFamily({ b, maxOut, norm }: BcosSettings): ResnetFamily {
  return {
    convLayer: (spec) => bcosConv2d({ ...spec, b, maxOut }),
    norm: bcosNorm(norm),
    activate: (x) => x,
    blockOutput: (residual, shortcut, name) =>
      layers.add({ name }).apply([residual, shortcut]) as SymbolicTensor,
    stemPool: (x) =>
      layers
        .averagePooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: 'pool' })
        .apply(zeroPad(x, 1, 'pool.pad')) as SymbolicTensor,
  };
}
