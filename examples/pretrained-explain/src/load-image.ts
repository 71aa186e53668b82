import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';

/** torchvision's evaluation crop: resize the shorter side to 256, then take the central 224. */
const CROP_FRACTION = 224 / 256;

/**
 * Decodes a photo (any format sharp reads) into a [size, size, 3] tensor in [0, 1]: the shorter
 * side resized to size / 0.875, then the central size×size square.
 */
export async function loadImage(path: string, size: number): Promise<tf.Tensor3D> {
  const resized = Math.round(size / CROP_FRACTION);
  try {
    const { data, info } = await sharp(path)
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .resize({ width: resized, height: resized, fit: 'outside' })
      .toBuffer({ resolveWithObject: true })
      .then((scaled) =>
        sharp(scaled.data)
          .extract({
            left: Math.floor((scaled.info.width - size) / 2),
            top: Math.floor((scaled.info.height - size) / 2),
            width: size,
            height: size,
          })
          .raw()
          .toBuffer({ resolveWithObject: true }),
      );
    return tf.tidy(
      () => tf.div(tf.tensor3d(data, [info.height, info.width, 3], 'int32'), 255) as tf.Tensor3D,
    );
  } catch (error) {
    throw new Error(`image ${path}: ${(error as Error).message}`);
  }
}
