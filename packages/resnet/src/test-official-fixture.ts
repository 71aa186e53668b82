import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { BcosResnet18Options } from './bcos-resnet18';

/** The reduced-width official B-cos v2 ResNet-18s of fixtures/official-bcos-resnet (see its README). */
export interface OfficialFixture {
  name: string;
  safetensors: string;
  options: BcosResnet18Options;
}

export interface OfficialReference {
  x6: number[][][][];
  logits: number[][];
  logits_before_bias: number[][];
  explained_class: number;
  dynamic_linear_weights_first_image: number[][][][];
  contribution_map_first_image: number[][][];
  state_dict_shapes: Record<string, number[]>;
}

const DIRECTORY = fileURLToPath(new URL('../../../fixtures/official-bcos-resnet/', import.meta.url));

export const OFFICIAL_FIXTURES: readonly OfficialFixture[] = [
  {
    name: 'bcos_resnet18_w16_cifar_positionnorm',
    safetensors: `${DIRECTORY}bcos_resnet18_w16_cifar_positionnorm.safetensors`,
    // B-cos v2 resnet.py's default norm: NoBias(DetachablePositionNorm2d), which centres.
    options: {
      stem: 'cifar',
      classes: 10,
      width: 16,
      inputShape: [32, 32, 6],
      norm: { kind: 'position', centered: true },
    },
  },
  {
    name: 'bcos_resnet18_w16_imagenet_bnu',
    safetensors: `${DIRECTORY}bcos_resnet18_w16_imagenet_bnu.safetensors`,
    options: { stem: 'imagenet', classes: 10, width: 16, inputShape: [64, 64, 6], norm: 'batch' },
  },
];

export async function officialReference(fixture: OfficialFixture): Promise<OfficialReference> {
  return JSON.parse(
    await readFile(fixture.safetensors.replace(/\.safetensors$/, '.json'), 'utf8'),
  ) as OfficialReference;
}
