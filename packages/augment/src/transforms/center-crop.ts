import * as tf from '@tensorflow/tfjs-core';
import { roundHalfEven } from '../round-half-even';
import { floatTransform, type Transform } from '../transform';
import { sizePair } from '../validate';

export interface CenterCropOptions {
  /** A number for a square, or [height, width]. */
  size: number | readonly [number, number];
}

/** torchvision's CenterCrop: the middle window, its offset rounded as torchvision rounds it (e.g. CelebA 178×218 → 178×178). */
export function centerCrop(options: CenterCropOptions): Transform {
  const name = 'CenterCrop';
  const [height, width] = sizePair(name, 'size', options.size);
  return floatTransform(name, { size: [height, width] }, (batch) => {
    const [n, imageHeight, imageWidth, channels] = batch.shape;
    if (height > imageHeight || width > imageWidth) {
      throw new Error(
        `${name}: size [${height}, ${width}] is larger than the image [${imageHeight}, ${imageWidth}]`,
      );
    }
    const top = roundHalfEven((imageHeight - height) / 2);
    const left = roundHalfEven((imageWidth - width) / 2);
    return tf.slice(batch, [0, top, left, 0], [n, height, width, channels]);
  });
}
