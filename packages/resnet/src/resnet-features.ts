import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import { RESNET18_STAGES } from './architecture';
import type { Stem } from './arguments';
import { basicBlock } from './basic-block';
import type { ResnetFamily } from './family';
import { paddedConv } from './padded-conv';

/**
 * Stem and the four stages of ResNet-18, up to `layer4`'s output. CIFAR stem: 3×3 stride-1 conv,
 * no pooling (kuangliu/pytorch-cifar, B-cos `small_inputs`); ImageNet stem: 7×7 stride-2 conv then
 * a 3×3 stride-2 pooling.
 */
export function resnetFeatures(
  input: SymbolicTensor,
  options: { stem: Stem; width: number },
  family: ResnetFamily,
): SymbolicTensor {
  const { stem, width } = options;
  const stemConv =
    stem === 'imagenet'
      ? { name: 'conv1', filters: width, kernelSize: 7, strides: 2 }
      : { name: 'conv1', filters: width, kernelSize: 3, strides: 1 };
  let x = paddedConv(input, stemConv, family);
  x = family.norm(x, 'bn1');
  x = family.activate(x, 'relu');
  if (stem === 'imagenet') x = family.stemPool(x);
  for (const stage of RESNET18_STAGES) {
    for (let block = 0; block < stage.blocks; block++) {
      x = basicBlock(
        x,
        {
          name: `${stage.name}.${block}`,
          filters: width * stage.widthFactor,
          stride: block === 0 ? stage.stride : 1,
        },
        family,
      );
    }
  }
  return x;
}
