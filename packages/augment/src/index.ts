export { cifarTrainAugment, cifarTrainTransforms } from './cifar';
export { eraseBoxes } from './erase-boxes';
export { createRng, type Rng, type RngState, rngFromState } from './rng';
export { type AffineSampling, type Border, type Interpolation, sampleAffine } from './sample-affine';
export type { Transform, TransformConfig } from './transform';
export { type CenterCropOptions, centerCrop } from './transforms/center-crop';
export { type CoarseDropoutOptions, coarseDropout } from './transforms/coarse-dropout';
export { type ColorJitterOptions, colorJitter } from './transforms/color-jitter';
export { compose } from './transforms/compose';
export { type CutoutOptions, cutout } from './transforms/cutout';
export {
  type FlipDirection,
  type FlipOptions,
  flipBatch,
  horizontalFlip,
  verticalFlip,
} from './transforms/flip';
export { IMAGENET_NORMALIZATION, type NormalizeOptions, normalize } from './transforms/normalize';
export { oneOf } from './transforms/one-of';
export { randomApply } from './transforms/random-apply';
export { type CropWindow, cropBatch, type RandomCropOptions, randomCrop } from './transforms/random-crop';
export { type RandomResizedCropOptions, randomResizedCrop } from './transforms/random-resized-crop';
export { type CropBox, type ResizeOptions, resize, resizeBoxes } from './transforms/resize';
export { type RotateOptions, type RotateSampling, rotate, rotateBatch } from './transforms/rotate';
export { type ToFloatOptions, toFloat } from './transforms/to-float';
export type { Fill, Range } from './validate';
