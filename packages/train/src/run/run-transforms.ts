import { cifarTrainAugment, compose, horizontalFlip, normalize, type Transform } from '@bcos/augment';
import type { InputEncoding } from '../loop/input-pipeline';
import type { RunConfig } from './config-schema';

type Stats = { mean: number[]; std: number[] };

export interface RunTransforms {
  augment?: Transform;
  evalTransform?: Transform;
  /** The normalisation both apply (plain models with mean/std only). */
  normalize?: Stats;
}

function presetAugment(
  preset: RunConfig['augment']['preset'],
  stats: Stats | undefined,
): Transform | undefined {
  const normalizing = stats ? [normalize(stats)] : [];
  switch (preset) {
    case 'none':
      return normalizing[0];
    case 'cifar':
      return cifarTrainAugment(stats ?? { mean: 0, std: 1 });
    case 'flip':
      return compose([horizontalFlip(), ...normalizing]);
  }
}

/**
 * Training and evaluation transforms of a run config's `augment` section. Plain models are
 * normalised with its mean/std; B-cos models take the 6-channel encoding of images in [0, 1]
 * instead, so never.
 */
export function runTransforms(augment: RunConfig['augment'], encoding: InputEncoding): RunTransforms {
  const { preset, mean, std } = augment;
  const stats = encoding === 'rgb' && mean && std ? { mean, std } : undefined;
  return {
    augment: presetAugment(preset, stats),
    evalTransform: stats ? normalize(stats) : undefined,
    normalize: stats,
  };
}
