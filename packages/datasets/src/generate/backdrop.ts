import { type Random, uniform } from '../random';
import type { Canvas, Rgb } from './raster';

/** A linear gradient between two colours in a random direction across the whole canvas. */
export function paintGradient(canvas: Canvas, random: Random, from: Rgb, to: Rgb): void {
  const angle = uniform(random, 0, 2 * Math.PI);
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const reach = Math.abs(dx) * canvas.width + Math.abs(dy) * canvas.height;
  const offset = Math.min(0, dx * canvas.width) + Math.min(0, dy * canvas.height);
  canvas.setEach((x, y, out) => {
    const t = (x * dx + y * dy - offset) / reach;
    for (let c = 0; c < 3; c++) out[c] = from[c]! + (to[c]! - from[c]!) * t;
  });
}

/** Uniform per-channel noise of ± `amplitude`. */
export function addNoise(canvas: Canvas, random: Random, amplitude: number): void {
  canvas.adjust(() => uniform(random, -amplitude, amplitude));
}
