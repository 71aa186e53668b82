import { probability } from '@bcos/backend';
import { applyBySubset } from '../apply-by-subset';
import { nestedConfig, type Transform, transform } from '../transform';
import { compose, transformList } from './compose';

/** torchvision's RandomApply: each image goes through the transform(s), in order, with probability p. */
export function randomApply(transforms: Transform | readonly Transform[], p = 0.5): Transform {
  const name = 'RandomApply';
  const steps = transformList(name, Array.isArray(transforms) ? transforms : [transforms]);
  probability(name, 'p', p);
  const branch = steps.length === 1 ? steps[0]! : compose(steps);
  return transform(name, { transforms: steps.map(nestedConfig), p }, (batch, rng) => {
    const choices = Array.from({ length: batch.shape[0] }, () => (rng.bernoulli(p) ? 0 : -1));
    return applyBySubset(name, batch, choices, [branch], rng);
  });
}
