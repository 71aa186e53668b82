import { oneOf, positiveInteger } from '@bcos/backend';
import type * as tf from '@tensorflow/tfjs-core';
import { INTERPOLATIONS, type Interpolation, sampleAffine } from '../sample-affine';
import { floatTransform, type Transform } from '../transform';
import { sizePair } from '../validate';

export interface ResizeOptions {
  /** [height, width], or a number that the shorter side becomes, keeping the aspect ratio (torchvision). */
  size: number | readonly [number, number];
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
}

/**
 * torchvision's Resize without antialiasing: half-pixel centres (align_corners = False), edge
 * pixels repeated at the border. 'nearest' picks the pixel whose centre is closest ('nearest-exact').
 */
export function resize(options: ResizeOptions): Transform {
  const name = 'Resize';
  const size =
    typeof options.size === 'number'
      ? positiveInteger(name, 'size', options.size)
      : sizePair(name, 'size', options.size);
  const interpolation = oneOf(name, 'interpolation', options.interpolation ?? 'bilinear', INTERPOLATIONS);
  return floatTransform(name, { size, interpolation }, (batch) => {
    const [height, width] =
      typeof size === 'number' ? shorterSideTo(size, batch.shape[1], batch.shape[2]) : size;
    const whole: CropBox = [0, 0, batch.shape[1], batch.shape[2]];
    return resizeBoxes(
      batch,
      Array.from({ length: batch.shape[0] }, () => whole),
      height,
      width,
      interpolation,
    );
  });
}

function shorterSideTo(size: number, height: number, width: number): [number, number] {
  // torchvision truncates the longer side: int(size · long / short).
  if (height <= width) return [size, Math.floor((size * width) / height)];
  return [Math.floor((size * height) / width), size];
}

/** [top, left, height, width] of the part of an image to resize. */
export type CropBox = [number, number, number, number];

/** Each image's box resized to height × width, with half-pixel centres and the box's edges repeated. */
export function resizeBoxes(
  batch: tf.Tensor4D,
  boxes: readonly CropBox[],
  height: number,
  width: number,
  interpolation: Interpolation,
): tf.Tensor4D {
  if (boxes.length !== batch.shape[0]) {
    throw new Error(`resizeBoxes: need one box per image (${batch.shape[0]}), got ${boxes.length}`);
  }
  const matrices = boxes.flatMap(([top, left, boxHeight, boxWidth]) => {
    const [scaleY, scaleX] = [boxHeight / height, boxWidth / width];
    return [scaleX, 0, left + 0.5 * scaleX - 0.5, 0, scaleY, top + 0.5 * scaleY - 0.5];
  });
  return sampleAffine(batch, {
    matrices,
    windows: boxes.flat(),
    outHeight: height,
    outWidth: width,
    interpolation,
    border: 'edge',
    fill: [],
  });
}
