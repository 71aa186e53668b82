import { argumentError } from '@bcos/backend';
import { nestedConfig, type Transform, transform } from '../transform';

/** Applies the transforms in order (torchvision / albumentations Compose). */
export function compose(transforms: readonly Transform[]): Transform {
  const name = 'Compose';
  const steps = transformList(name, transforms);
  return transform(name, { transforms: steps.map(nestedConfig) }, (batch, rng) =>
    steps.reduce((images, step) => step.apply(images, rng), batch),
  );
}

/** A non-empty array of transforms, checked so that a wrong entry is named before training starts. */
export function transformList(name: string, transforms: unknown): Transform[] {
  if (!Array.isArray(transforms) || transforms.length === 0) {
    throw argumentError(name, 'transforms', 'a non-empty array of transforms', transforms);
  }
  transforms.forEach((t, i) => {
    if (!t || typeof (t as Transform).apply !== 'function') {
      throw argumentError(name, `transforms[${i}]`, 'a transform (an object with apply)', t);
    }
  });
  return [...transforms];
}
