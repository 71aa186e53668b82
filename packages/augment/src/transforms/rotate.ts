import { oneOf, probability } from '@bcos/backend';
import type * as tf from '@tensorflow/tfjs-core';
import { BORDERS, type Border, INTERPOLATIONS, type Interpolation, sampleAffine } from '../sample-affine';
import { floatTransform, type Transform } from '../transform';
import { type Fill, fill, numberRange, perChannel } from '../validate';

export interface RotateOptions {
  /** Degrees: a number L for an angle uniform in [−L, L], or [min, max]. */
  limit: number | readonly [number, number];
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
  /** What shows where the rotated image leaves the frame (default 'constant'). */
  border?: Border;
  /** The value for border 'constant' (default 0). */
  fill?: Fill;
  /** Probability that an image is rotated, drawn per image (default 0.5, as albumentations). */
  p?: number;
}

/**
 * albumentations' Rotate(limit): each chosen image turns about its centre by its own angle,
 * positive angles counter-clockwise (as torchvision), keeping its size.
 */
export function rotate(options: RotateOptions): Transform {
  const name = 'Rotate';
  const limit = angleRange(name, options.limit);
  const interpolation = oneOf(name, 'interpolation', options.interpolation ?? 'bilinear', INTERPOLATIONS);
  const border = oneOf(name, 'border', options.border ?? 'constant', BORDERS);
  const fillValue = fill(name, options.fill ?? 0);
  const p = probability(name, 'p', options.p ?? 0.5);
  const config = { limit, interpolation, border, fill: fillValue, p };
  return floatTransform(name, config, (batch, rng) => {
    const angles = Array.from({ length: batch.shape[0] }, () => {
      const rotated = rng.bernoulli(p);
      return rotated ? rng.uniform(limit[0], limit[1]) : 0;
    });
    const fills = perChannel(name, 'fill', fillValue, batch.shape[3]);
    return rotateBatch(batch, angles, { interpolation, border, fill: fills });
  });
}

function angleRange(name: string, limit: unknown): [number, number] {
  if (typeof limit === 'number' && limit < 0) {
    throw new Error(`${name}: limit must be >= 0 (a number L means [−L, L]), got ${limit}`);
  }
  return numberRange(name, 'limit', typeof limit === 'number' ? [-limit, limit] : limit);
}

export interface RotateSampling {
  interpolation: Interpolation;
  border: Border;
  fill: readonly number[];
}

/** Rotates image i by `degrees[i]` counter-clockwise about its centre ((W − 1)/2, (H − 1)/2). */
export function rotateBatch(
  batch: tf.Tensor4D,
  degrees: readonly number[],
  sampling: RotateSampling,
): tf.Tensor4D {
  const [n, height, width] = batch.shape;
  if (degrees.length !== n)
    throw new Error(`rotateBatch: need one angle per image (${n}), got ${degrees.length}`);
  const centreX = (width - 1) / 2;
  const centreY = (height - 1) / 2;
  // Output pixel q reads the input at c + [[cos, −sin], [sin, cos]]·(q − c): the inverse of a turn
  // that looks counter-clockwise on screen, where y points down.
  const matrices = degrees.flatMap((angle) => {
    const radians = (angle * Math.PI) / 180;
    const [cos, sin] = [Math.cos(radians), Math.sin(radians)];
    return [
      cos,
      -sin,
      centreX - cos * centreX + sin * centreY,
      sin,
      cos,
      centreY - sin * centreX - cos * centreY,
    ];
  });
  return sampleAffine(batch, { matrices, outHeight: height, outWidth: width, ...sampling });
}
