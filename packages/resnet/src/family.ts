import type { layers, SymbolicTensor } from '@tensorflow/tfjs-layers';

export interface ConvLayerSpec {
  name: string;
  filters: number;
  kernelSize: number;
  strides: number;
  padding: 'same' | 'valid';
}

/**
 * The parts in which the plain and the B-cos ResNets differ; `resnetFeatures` assembles either
 * network from them, so both share one definition of the architecture and its layer names.
 */
export interface ResnetFamily {
  convLayer(spec: ConvLayerSpec): layers.Layer;
  /** The normalisation after a conv; `name` is PyTorch's (`bn1`, `layer1.0.bn2`, `layer2.0.downsample.1`). */
  norm(x: SymbolicTensor, name: string): SymbolicTensor;
  /** The non-linearity after the stem and inside a block (a ReLU; nothing in B-cos networks). */
  activate(x: SymbolicTensor, name: string): SymbolicTensor;
  /** Residual sum and what follows it; the result is named `name` (PyTorch's block name). */
  blockOutput(residual: SymbolicTensor, shortcut: SymbolicTensor, name: string): SymbolicTensor;
  /** The ImageNet stem's 3×3 stride-2 pooling (max-pool in torchvision, average pool in B-cos v2). */
  stemPool(x: SymbolicTensor): SymbolicTensor;
}
