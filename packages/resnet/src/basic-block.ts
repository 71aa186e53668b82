import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { ResnetFamily } from './family';
import { paddedConv } from './padded-conv';

export interface BlockSpec {
  /** PyTorch's module path, e.g. `layer2.0`. */
  name: string;
  filters: number;
  stride: number;
}

/** torchvision's BasicBlock: two 3×3 convs, and a 1×1 conv + norm shortcut when the shape changes. */
export function basicBlock(x: SymbolicTensor, spec: BlockSpec, family: ResnetFamily): SymbolicTensor {
  const { name, filters, stride } = spec;
  let y = paddedConv(x, { name: `${name}.conv1`, filters, kernelSize: 3, strides: stride }, family);
  y = family.norm(y, `${name}.bn1`);
  y = family.activate(y, `${name}.relu`);
  y = paddedConv(y, { name: `${name}.conv2`, filters, kernelSize: 3, strides: 1 }, family);
  y = family.norm(y, `${name}.bn2`);
  return family.blockOutput(y, shortcut(x, spec, family), name);
}

function shortcut(x: SymbolicTensor, spec: BlockSpec, family: ResnetFamily): SymbolicTensor {
  const inputChannels = x.shape[x.shape.length - 1];
  if (spec.stride === 1 && inputChannels === spec.filters) return x;
  const name = `${spec.name}.downsample`;
  const projected = paddedConv(
    x,
    { name: `${name}.0`, filters: spec.filters, kernelSize: 1, strides: spec.stride },
    family,
  );
  return family.norm(projected, `${name}.1`);
}
