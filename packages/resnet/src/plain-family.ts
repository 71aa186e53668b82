import { initializers, layers, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { ResnetFamily } from './family';
import { zeroPad } from './padded-conv';
import type { PlainNorm } from './plain-norm';
import { plainNorm } from './plain-norm';

/** torchvision's conv initialisation: kaiming_normal_(mode='fan_out', nonlinearity='relu'). */
const convInitializer = () =>
  initializers.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'normal' });

/** The standard ResNet's parts: bias-free convs, PyTorch norms, ReLU, max-pooling stem. */
export function plainFamily(norm: PlainNorm, groups: number): ResnetFamily {
  return {
    convLayer: (spec) => layers.conv2d({ ...spec, useBias: false, kernelInitializer: convInitializer() }),
    norm: plainNorm(norm, groups),
    activate: (x, name) => layers.reLU({ name }).apply(x) as SymbolicTensor,
    blockOutput: (residual, shortcut, name) => {
      const sum = layers.add({ name: `${name}.add` }).apply([residual, shortcut]) as SymbolicTensor;
      return layers.reLU({ name }).apply(sum) as SymbolicTensor;
    },
    // Zero padding equals PyTorch's −∞ padding here: the pooled values come out of a ReLU, so ≥ 0.
    stemPool: (x) =>
      layers
        .maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: 'maxpool' })
        .apply(zeroPad(x, 1, 'maxpool.pad')) as SymbolicTensor,
  };
}
