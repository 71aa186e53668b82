import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Resnet18Options } from './resnet18';

/**
 * The real torchvision ResNet-18 state_dicts of the shared reference data (see its README): 22–23 MB
 * each, so they stay in `../shared` beside the repository instead of its fixtures.
 */
export const SHARED_TORCHVISION_DIRECTORY = fileURLToPath(
  new URL('../../../../shared/fixtures/official-bcos-resnet/', import.meta.url),
);

export interface TorchvisionFixture {
  name: string;
  safetensors: string;
  options: Resnet18Options;
}

export interface TorchvisionReference {
  image_uint8: number[][][][];
  imagenet_mean: number[];
  imagenet_std: number[];
  x: number[][][][];
  logits: number[][];
  layer4_first_image: number[][][][];
  gradcam_class: number;
  gradcam_weights_first_image: number[];
  gradcam_linear_first_image: number[][][];
}

function torchvisionFixture(classes: number): TorchvisionFixture {
  const name = `torchvision_resnet18_c${classes}`;
  return {
    name,
    safetensors: `${SHARED_TORCHVISION_DIRECTORY}${name}.safetensors`,
    options: { stem: 'imagenet', norm: 'batch', classes, inputShape: [64, 64, 3] },
  };
}

export const TORCHVISION_FIXTURES: readonly TorchvisionFixture[] = [10, 1000].map(torchvisionFixture);

/** Why the shared torchvision fixtures cannot be read, or undefined when they are all there. */
export function missingTorchvisionFixtures(): string | undefined {
  const missing = TORCHVISION_FIXTURES.flatMap(({ safetensors }) => [
    safetensors,
    safetensors.replace(/\.safetensors$/, '.json'),
  ]).filter((path) => !existsSync(path));
  return missing.length > 0
    ? `the shared torchvision fixtures are absent (${missing.join(', ')}); check out the reference data as ../shared beside the repository`
    : undefined;
}

export async function torchvisionReference(fixture: TorchvisionFixture): Promise<TorchvisionReference> {
  return JSON.parse(
    await readFile(fixture.safetensors.replace(/\.safetensors$/, '.json'), 'utf8'),
  ) as TorchvisionReference;
}
