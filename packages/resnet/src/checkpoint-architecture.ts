import type { Stem } from './arguments';
import type { Safetensors } from './safetensors';
import type { TorchMappingName } from './torch-mapping';

export const ARCHITECTURES = ['bcos-resnet18', 'resnet18'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** What a ResNet-18 state_dict reveals about the model that wrote it. */
export interface CheckpointShape {
  stem: Stem;
  /** Output channels of conv1 (stem width × MaxOut pieces). */
  stemChannels: number;
  inputChannels: number;
  /** Output units of fc (classes × MaxOut pieces). */
  classifierUnits: number;
  /** 'batch' when bn1 keeps a running variance, 'none' without bn1, undefined when only γ/β tell nothing. */
  norm: 'batch' | 'none' | undefined;
}

export const MAPPING_OF: Record<Architecture, TorchMappingName> = {
  'bcos-resnet18': 'bcos-v2',
  resnet18: 'torchvision',
};

const STEM_OF_KERNEL: Record<number, Stem> = { 3: 'cifar', 7: 'imagenet' };

/** Reads stem, widths and norm off conv1, bn1 and fc, naming the key that is missing or odd. */
export function checkpointShape(file: Safetensors, architecture: Architecture): CheckpointShape {
  const kernelKey = MAPPING_OF[architecture] === 'bcos-v2' ? 'linear.weight' : 'weight';
  const conv1 = requiredShape(file, `conv1.${kernelKey}`, 4);
  const fc = requiredShape(file, `fc.${kernelKey}`, architecture === 'resnet18' ? 2 : 4);
  const stem = STEM_OF_KERNEL[conv1[2]!];
  if (!stem) {
    throw new Error(
      `${file.source}: conv1 has a ${conv1[2]}×${conv1[3]} kernel; ResNet-18 stems have 3×3 (CIFAR) or 7×7 (ImageNet)`,
    );
  }
  const hasNorm = [...file.entries.keys()].some((key) => key.startsWith('bn1.'));
  const norm = file.entries.has('bn1.running_var') ? 'batch' : hasNorm ? undefined : 'none';
  return { stem, stemChannels: conv1[0]!, inputChannels: conv1[1]!, classifierUnits: fc[0]!, norm };
}

function requiredShape(file: Safetensors, key: string, rank: number): number[] {
  const shape = file.entries.get(key)?.shape;
  if (!shape)
    throw new Error(`${file.source}: no '${key}' in the state_dict; is it a ResNet-18 of that architecture?`);
  if (shape.length !== rank)
    throw new Error(`${file.source}: '${key}' has shape [${shape}], expected rank ${rank}`);
  return shape;
}
