import { probability } from '@bcos/backend';
import { applyBySubset } from '../apply-by-subset';
import { nestedConfig, type Transform, transform } from '../transform';
import { transformList } from './compose';

/**
 * albumentations' OneOf: with probability p an image goes through one of the transforms, chosen
 * uniformly per image. The chosen transform still applies its own p (albumentations forces it).
 */
export function oneOf(transforms: readonly Transform[], p = 0.5): Transform {
  const name = 'OneOf';
  const branches = transformList(name, transforms);
  probability(name, 'p', p);
  return transform(name, { transforms: branches.map(nestedConfig), p }, (batch, rng) => {
    const choices = Array.from({ length: batch.shape[0] }, () =>
      rng.bernoulli(p) ? rng.int(0, branches.length - 1) : -1,
    );
    return applyBySubset(name, batch, choices, branches, rng);
  });
}
