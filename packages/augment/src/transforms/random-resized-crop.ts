import { argumentError, oneOf } from '@bcos/backend';
import type { Rng } from '../rng';
import { roundHalfEven } from '../round-half-even';
import { INTERPOLATIONS, type Interpolation } from '../sample-affine';
import { floatTransform, type Transform } from '../transform';
import { sizePair } from '../validate';
import { type CropBox, resizeBoxes } from './resize';

export interface RandomResizedCropOptions {
  /** Output size: a number for a square, or [height, width]. */
  size: number | readonly [number, number];
  /** Range of the crop's area as a fraction of the image (default [0.08, 1]). */
  scale?: readonly [number, number];
  /** Range of the crop's width / height (default [3/4, 4/3]), drawn log-uniformly. */
  ratio?: readonly [number, number];
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
}

/**
 * torchvision's RandomResizedCrop: a crop of random area and aspect ratio per image (ten tries,
 * then a centre crop), resized to `size` as {@link resize} does, reading only pixels of the crop.
 */
export function randomResizedCrop(options: RandomResizedCropOptions): Transform {
  const name = 'RandomResizedCrop';
  const [height, width] = sizePair(name, 'size', options.size);
  const scale = positiveRange(name, 'scale', options.scale ?? [0.08, 1]);
  const ratio = positiveRange(name, 'ratio', options.ratio ?? [3 / 4, 4 / 3]);
  const interpolation = oneOf(name, 'interpolation', options.interpolation ?? 'bilinear', INTERPOLATIONS);
  const config = { size: [height, width], scale, ratio, interpolation };
  return floatTransform(name, config, (batch, rng) => {
    const [n, imageHeight, imageWidth] = batch.shape;
    const boxes = Array.from({ length: n }, () => drawCropBox(imageHeight, imageWidth, scale, ratio, rng));
    return resizeBoxes(batch, boxes, height, width, interpolation);
  });
}

function positiveRange(name: string, argument: string, range: unknown): [number, number] {
  const valid =
    Array.isArray(range) &&
    range.length === 2 &&
    range.every((v) => Number.isFinite(v) && v > 0) &&
    range[0] <= range[1];
  if (!valid) throw argumentError(name, argument, '[min, max] with 0 < min <= max', range);
  return [range[0], range[1]];
}

export function drawCropBox(
  imageHeight: number,
  imageWidth: number,
  scale: [number, number],
  ratio: [number, number],
  rng: Rng,
): CropBox {
  const area = imageHeight * imageWidth;
  const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])] as const;
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * rng.uniform(scale[0], scale[1]);
    const aspect = Math.exp(rng.uniform(logRatio[0], logRatio[1]));
    const width = roundHalfEven(Math.sqrt(targetArea * aspect));
    const height = roundHalfEven(Math.sqrt(targetArea / aspect));
    if (width > 0 && width <= imageWidth && height > 0 && height <= imageHeight) {
      return [rng.int(0, imageHeight - height), rng.int(0, imageWidth - width), height, width];
    }
  }
  return centralFallback(imageHeight, imageWidth, ratio);
}

function centralFallback(imageHeight: number, imageWidth: number, ratio: [number, number]): CropBox {
  const imageRatio = imageWidth / imageHeight;
  let [height, width] = [imageHeight, imageWidth];
  if (imageRatio < ratio[0]) height = roundHalfEven(width / ratio[0]);
  else if (imageRatio > ratio[1]) width = roundHalfEven(height * ratio[1]);
  return [Math.floor((imageHeight - height) / 2), Math.floor((imageWidth - width) / 2), height, width];
}
