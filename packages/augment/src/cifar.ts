import type { Transform } from './transform';
import { compose } from './transforms/compose';
import { cutout } from './transforms/cutout';
import { type NormalizeOptions, normalize } from './transforms/normalize';
import { randomCrop } from './transforms/random-crop';
import { rotate } from './transforms/rotate';

/**
 * The steps of the seed's CIFAR training augmentation, for float32 images in [0, 1]:
 * RandomCrop(32, padding 4, zeros), Cutout 16×16, Rotate ±5° (bilinear, zeros outside), each on
 * every image, then Normalize(mean, std). Exposed as a list so that steps can be added or timed.
 */
export function cifarTrainTransforms({ mean, std }: NormalizeOptions): Transform[] {
  return [
    randomCrop({ size: 32, padding: 4 }),
    cutout({ size: 16 }),
    rotate({ limit: 5, p: 1 }),
    normalize({ mean, std }),
  ];
}

/** {@link cifarTrainTransforms} composed; put toFloat() before it for int32 0..255 batches. */
export function cifarTrainAugment(options: NormalizeOptions): Transform {
  return compose(cifarTrainTransforms(options));
}
