import type * as tf from '@tensorflow/tfjs-core';

/** Attribution maps must be [N, H, W] matching the images' batch and size. */
export function checkMaps(owner: string, argument: string, images: tf.Tensor, maps: tf.Tensor): void {
  if (images.rank !== 4)
    throw new Error(`${owner}: images must be [N, H, W, C], got shape [${images.shape}]`);
  const [n, h, w] = images.shape;
  if (maps.rank !== 3 || maps.shape[0] !== n || maps.shape[1] !== h || maps.shape[2] !== w) {
    throw new Error(
      `${owner}: ${argument} must be [${n}, ${h}, ${w}] like the images, got shape [${maps.shape}]`,
    );
  }
}
