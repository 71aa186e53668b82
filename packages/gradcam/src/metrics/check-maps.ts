import * as tf from '@tensorflow/tfjs-core';
import { describeValue } from '../model/as-cam-model';

/** `value` must be a tensor that has not been disposed. */
export function checkTensor(owner: string, argument: string, value: unknown): asserts value is tf.Tensor {
  if (!(value instanceof tf.Tensor))
    throw new Error(`${owner}: ${argument} must be a tf.Tensor, got ${describeValue(value)}`);
  if (value.isDisposed) throw new Error(`${owner}: ${argument}: the tensor has been disposed`);
}

/** Attribution maps must be [N, H, W] matching the images' batch and size. */
export function checkMaps(owner: string, argument: string, images: tf.Tensor, maps: tf.Tensor): void {
  checkTensor(owner, 'images', images);
  checkTensor(owner, argument, maps);
  if (images.rank !== 4)
    throw new Error(`${owner}: images must be [N, H, W, C], got shape [${images.shape}]`);
  const [n, h, w] = images.shape;
  if (maps.rank !== 3 || maps.shape[0] !== n || maps.shape[1] !== h || maps.shape[2] !== w) {
    throw new Error(
      `${owner}: ${argument} must be [${n}, ${h}, ${w}] like the images, got shape [${maps.shape}]`,
    );
  }
}
