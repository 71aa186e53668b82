import * as tf from '@tensorflow/tfjs-core';

/** One test-time augmentation: a horizontal flip or not, times a brightness factor. */
export interface AugmentationView {
  flip: boolean;
  factor: number;
}

/** pytorch-grad-cam's aug_smooth views (ttach: HorizontalFlip × Multiply 0.9, 1, 1.1); the identity first. */
export const AUGMENTATION_VIEWS: readonly AugmentationView[] = [
  { flip: false, factor: 1 },
  { flip: false, factor: 0.9 },
  { flip: false, factor: 1.1 },
  { flip: true, factor: 0.9 },
  { flip: true, factor: 1 },
  { flip: true, factor: 1.1 },
];

export function augmentImages(images: tf.Tensor4D, { flip, factor }: AugmentationView): tf.Tensor4D {
  return tf.tidy(() => tf.mul(flip ? tf.reverse(images, 2) : images, factor) as tf.Tensor4D);
}

/** Maps a CAM of an augmented image ([N, H, W]) back onto the original image. */
export function deaugmentCams(cams: tf.Tensor3D, { flip }: AugmentationView): tf.Tensor3D {
  return flip ? tf.reverse(cams, 2) : tf.clone(cams);
}
