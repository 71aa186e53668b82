import { probability } from '@bcos/backend';
import { eraseBoxes } from '../erase-boxes';
import type { Rng } from '../rng';
import { floatTransform, type Transform } from '../transform';
import { type Fill, fill, integerRange, perChannel, type Range } from '../validate';

export interface CoarseDropoutOptions {
  /** Holes per image, or [min, max] drawn per image (default 1). */
  holes?: Range;
  /** Hole height in pixels, or [min, max] drawn per hole (default 8). */
  height?: Range;
  /** Hole width in pixels, or [min, max] drawn per hole (default 8). */
  width?: Range;
  /** The value written into the holes (default 0). */
  fill?: Fill;
  /** Probability that an image gets its holes, drawn per image (default 0.5). */
  p?: number;
}

/**
 * albumentations' CoarseDropout: each chosen image gets rectangular holes lying wholly inside it,
 * the top-left corner uniform over the positions where the hole fits.
 */
export function coarseDropout(options: CoarseDropoutOptions = {}): Transform {
  const name = 'CoarseDropout';
  const holes = integerRange(name, 'holes', options.holes ?? 1);
  const height = integerRange(name, 'height', options.height ?? 8);
  const width = integerRange(name, 'width', options.width ?? 8);
  const fillValue = fill(name, options.fill ?? 0);
  const p = probability(name, 'p', options.p ?? 0.5);
  const config = { holes, height, width, fill: fillValue, p };
  return floatTransform(name, config, (batch, rng) => {
    const [n, imageHeight, imageWidth, channels] = batch.shape;
    if (height[1] > imageHeight)
      throw new Error(`${name}: height ${height[1]} is larger than the image height ${imageHeight}`);
    if (width[1] > imageWidth)
      throw new Error(`${name}: width ${width[1]} is larger than the image width ${imageWidth}`);
    const boxes: number[] = [];
    for (let i = 0; i < n; i++) {
      const count = rng.bernoulli(p) ? rng.int(holes[0], holes[1]) : 0;
      for (let k = 0; k < holes[1]; k++) {
        boxes.push(...(k < count ? drawHole(imageHeight, imageWidth, height, width, rng) : [0, 0, 0, 0]));
      }
    }
    return eraseBoxes(batch, boxes, holes[1], perChannel(name, 'fill', fillValue, channels));
  });
}

function drawHole(
  imageHeight: number,
  imageWidth: number,
  height: [number, number],
  width: [number, number],
  rng: Rng,
): [number, number, number, number] {
  const h = rng.int(height[0], height[1]);
  const w = rng.int(width[0], width[1]);
  const top = rng.int(0, imageHeight - h);
  const left = rng.int(0, imageWidth - w);
  return [top, left, top + h, left + w];
}
