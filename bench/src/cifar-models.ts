import { bcosResnet18, resnet18 } from '@bcos/resnet';

/** The ResNet-18s (CIFAR stem, 10 classes) the training suites measure, by `--models` name. */
export const CIFAR_MODELS = {
  layer: (width: number) =>
    resnet18({ stem: 'cifar', norm: 'layer', classes: 10, inputShape: [32, 32, 3], width }),
  batch: (width: number) =>
    resnet18({ stem: 'cifar', norm: 'batch', classes: 10, inputShape: [32, 32, 3], width }),
  bcos: (width: number) => bcosResnet18({ stem: 'cifar', classes: 10, inputShape: [32, 32, 6], width }),
} as const;
export type CifarModelName = keyof typeof CIFAR_MODELS;

/** The `--models` option (comma-separated; `fallback` when absent), each name checked. */
export function cifarModelNames(option: string | undefined, fallback: string): CifarModelName[] {
  const names = (option ?? fallback).split(',');
  for (const name of names)
    if (!(name in CIFAR_MODELS))
      throw new Error(`--models: unknown '${name}'; expected ${Object.keys(CIFAR_MODELS).join(', ')}`);
  return names as CifarModelName[];
}
