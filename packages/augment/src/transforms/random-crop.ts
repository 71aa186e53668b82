import { nonNegativeInteger, oneOf } from '@bcos/backend';
import type * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../rng';
import { BORDERS, type Border, sampleAffine } from '../sample-affine';
import { floatTransform, type Transform } from '../transform';
import { type Fill, fill, perChannel, sizePair } from '../validate';

export interface RandomCropOptions {
  /** Output size: a number for a square, or [height, width]. */
  size: number | readonly [number, number];
  /** Pixels added on every side before cropping (default 0). */
  padding?: number;
  /** How the padding is filled (default 'constant'). */
  padMode?: Border;
  /** The padding value for padMode 'constant' (default 0). */
  fill?: Fill;
}

/**
 * torchvision's RandomCrop(size, padding): pads every image, then cuts a window whose top-left
 * corner is uniform over [0, padded − size], drawn per image.
 */
export function randomCrop(options: RandomCropOptions): Transform {
  const name = 'RandomCrop';
  const [height, width] = sizePair(name, 'size', options.size);
  const padding = nonNegativeInteger(name, 'padding', options.padding ?? 0);
  const padMode = oneOf(name, 'padMode', options.padMode ?? 'constant', BORDERS);
  const fillValue = fill(name, options.fill ?? 0);
  const config = { size: [height, width], padding, padMode, fill: fillValue };
  return floatTransform(name, config, (batch, rng) => {
    const [n, imageHeight, imageWidth, channels] = batch.shape;
    const [paddedHeight, paddedWidth] = [imageHeight + 2 * padding, imageWidth + 2 * padding];
    if (height > paddedHeight || width > paddedWidth) {
      throw new Error(
        `${name}: size [${height}, ${width}] is larger than the padded image [${paddedHeight}, ${paddedWidth}] (padding ${padding})`,
      );
    }
    const corners = drawCorners(n, paddedHeight - height, paddedWidth - width, rng);
    const fills = perChannel(name, 'fill', fillValue, channels);
    return cropBatch(batch, corners, { height, width, padding, padMode, fill: fills });
  });
}

/** [top, left] per image, each uniform over [0, free]. */
function drawCorners(n: number, freeRows: number, freeColumns: number, rng: Rng): number[] {
  const corners: number[] = [];
  for (let i = 0; i < n; i++) corners.push(rng.int(0, freeRows), rng.int(0, freeColumns));
  return corners;
}

export interface CropWindow {
  height: number;
  width: number;
  padding: number;
  padMode: Border;
  fill: readonly number[];
}

/** Cuts each image's window at `corners` ([top, left] per image, in padded coordinates), as one gather. */
export function cropBatch(batch: tf.Tensor4D, corners: readonly number[], window: CropWindow): tf.Tensor4D {
  const n = batch.shape[0];
  if (corners.length !== 2 * n)
    throw new Error(`cropBatch: need [top, left] for ${n} images, got ${corners.length} numbers`);
  const matrices: number[] = [];
  for (let i = 0; i < n; i++) {
    const [top, left] = [corners[2 * i]!, corners[2 * i + 1]!];
    matrices.push(1, 0, left - window.padding, 0, 1, top - window.padding);
  }
  return sampleAffine(batch, {
    matrices,
    outHeight: window.height,
    outWidth: window.width,
    interpolation: 'nearest',
    border: window.padMode,
    fill: window.fill,
  });
}
