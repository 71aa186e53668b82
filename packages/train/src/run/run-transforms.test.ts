import { describe, expect, it } from 'vitest';
import { runTransforms } from './run-transforms';

const stats = { mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] };
const names = (transforms: ReturnType<typeof runTransforms>) => ({
  augment: transforms.augment?.toString(),
  evalTransform: transforms.evalTransform?.toString(),
});

describe('runTransforms', () => {
  it('normalises plain models with mean/std in training and evaluation', () => {
    const none = runTransforms({ preset: 'none', ...stats }, 'rgb');
    expect(none.normalize).toEqual(stats);
    expect(names(none).augment).toMatch(/^Normalize/);
    expect(names(none).evalTransform).toBe(names(none).augment);
    expect(names(runTransforms({ preset: 'cifar', ...stats }, 'rgb')).augment).toMatch(
      /RandomCrop.*Cutout.*Rotate.*Normalize/,
    );
    expect(names(runTransforms({ preset: 'flip', ...stats }, 'rgb')).augment).toMatch(
      /HorizontalFlip.*Normalize/,
    );
  });

  it('never normalises the B-cos encoding; flip then only flips', () => {
    const flip = runTransforms({ preset: 'flip', ...stats }, 'bcos');
    expect(flip.normalize).toBeUndefined();
    expect(flip.evalTransform).toBeUndefined();
    expect(names(flip).augment).toMatch(/HorizontalFlip/);
    expect(names(flip).augment).not.toMatch(/Normalize/);
    expect(runTransforms({ preset: 'none' }, 'bcos')).toEqual({});
  });
});
