import { layers, type SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { ConvLayerSpec, ResnetFamily } from './family';

export type ConvSpec = Omit<ConvLayerSpec, 'padding'>;

/**
 * A conv with PyTorch's symmetric zero padding of (k − 1) / 2. TF 'same' pads only bottom/right
 * when a strided conv meets an even size, so strided convs get an explicit `<name>.pad` layer; with
 * stride 1 and an odd kernel 'same' is already symmetric.
 */
export function paddedConv(x: SymbolicTensor, spec: ConvSpec, family: ResnetFamily): SymbolicTensor {
  const padding = (spec.kernelSize - 1) / 2;
  if (padding === 0) return family.convLayer({ ...spec, padding: 'valid' }).apply(x) as SymbolicTensor;
  if (spec.strides === 1) return family.convLayer({ ...spec, padding: 'same' }).apply(x) as SymbolicTensor;
  return family
    .convLayer({ ...spec, padding: 'valid' })
    .apply(zeroPad(x, padding, `${spec.name}.pad`)) as SymbolicTensor;
}

export function zeroPad(x: SymbolicTensor, padding: number, name: string): SymbolicTensor {
  return layers.zeroPadding2d({ padding, name }).apply(x) as SymbolicTensor;
}
