import * as tf from '@tensorflow/tfjs-core';

/**
 * B-cos input encoding: images in [0, 1] with 3 channels last → 6 channels [r, g, b, 1−r, 1−g, 1−b].
 * Every colour then has a norm that does not depend on its brightness alone, and B-cos models
 * need no mean/std normalisation.
 */
export function encodeImage<T extends tf.Tensor>(images: T, owner = 'encodeImage'): T {
  const channels = images.shape[images.rank - 1];
  if (images.rank < 1 || channels !== 3) {
    throw new Error(`${owner}: expected images with 3 channels last, got shape [${images.shape}]`);
  }
  return tf.tidy(() => tf.concat([images, tf.sub(1, images)], images.rank - 1)) as T;
}
