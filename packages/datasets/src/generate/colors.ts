import { type Random, randomInt } from '../random';
import type { Rgb } from './raster';

export function randomColor(random: Random): Rgb {
  return [randomInt(random, 0, 255), randomInt(random, 0, 255), randomInt(random, 0, 255)];
}

export function colorDistance(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** A random colour at least `minDistance` from every colour of `against` (tries a bounded number of times). */
export function contrastingColor(random: Random, against: readonly Rgb[], minDistance: number): Rgb {
  let best = randomColor(random);
  let bestDistance = Math.min(...against.map((c) => colorDistance(best, c)));
  for (let attempt = 0; attempt < 32 && bestDistance < minDistance; attempt++) {
    const candidate = randomColor(random);
    const distance = Math.min(...against.map((c) => colorDistance(candidate, c)));
    if (distance > bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

export function scaleColor(color: Rgb, factor: number): Rgb {
  return [
    Math.min(255, color[0] * factor),
    Math.min(255, color[1] * factor),
    Math.min(255, color[2] * factor),
  ];
}
