import { positiveInteger, probability } from '@bcos/backend';
import { eraseBoxes } from '../erase-boxes';
import type { Rng } from '../rng';
import { floatTransform, type Transform } from '../transform';
import { type Fill, fill, perChannel, sizePair } from '../validate';

export interface CutoutOptions {
  /** Hole size: a number for a square, or [height, width]. */
  size: number | readonly [number, number];
  /** Holes per image (default 1). */
  holes?: number;
  /** The value written into the holes (default 0). */
  fill?: Fill;
  /** Probability that an image gets its holes, drawn per image (default 1). */
  p?: number;
}

/**
 * Cutout (DeVries & Taylor, 2017): the centre of each hole is uniform over every pixel of the
 * image and the hole is clipped at the borders, so holes near an edge are smaller.
 */
export function cutout(options: CutoutOptions): Transform {
  const name = 'Cutout';
  const [height, width] = sizePair(name, 'size', options.size);
  const holes = positiveInteger(name, 'holes', options.holes ?? 1);
  const fillValue = fill(name, options.fill ?? 0);
  const p = probability(name, 'p', options.p ?? 1);
  const config = { size: [height, width], holes, fill: fillValue, p };
  return floatTransform(name, config, (batch, rng) => {
    const [n, imageHeight, imageWidth, channels] = batch.shape;
    const boxes: number[] = [];
    for (let i = 0; i < n; i++) {
      const applied = rng.bernoulli(p);
      for (let k = 0; k < holes; k++) {
        boxes.push(
          ...(applied ? drawClippedHole(imageHeight, imageWidth, height, width, rng) : [0, 0, 0, 0]),
        );
      }
    }
    return eraseBoxes(batch, boxes, holes, perChannel(name, 'fill', fillValue, channels));
  });
}

/** A height × width box around a uniform pixel c, rows c − ⌊h/2⌋ … c − ⌊h/2⌋ + h − 1 as in the paper's code, clipped to the image. */
function drawClippedHole(
  imageHeight: number,
  imageWidth: number,
  height: number,
  width: number,
  rng: Rng,
): [number, number, number, number] {
  const top = rng.int(0, imageHeight - 1) - Math.floor(height / 2);
  const left = rng.int(0, imageWidth - 1) - Math.floor(width / 2);
  return [
    Math.max(top, 0),
    Math.max(left, 0),
    Math.min(top + height, imageHeight),
    Math.min(left + width, imageWidth),
  ];
}
