import { describe, expect, it } from 'vitest';
import { noisyLinearImputation } from './noisy-linear-imputation';
import { percentile } from './percentile';
import { seededNormal } from './seeded-normal';

const NEIGHBOURS = [
  [1, 1, 1 / 12],
  [0, 1, 1 / 6],
  [-1, 1, 1 / 12],
  [1, -1, 1 / 12],
  [0, -1, 1 / 6],
  [-1, -1, 1 / 12],
  [1, 0, 1 / 6],
  [-1, 0, 1 / 6],
] as const;

describe('noisy linear imputation', () => {
  const layout = { height: 6, width: 7, channels: 2 };
  const normal = seededNormal(3);
  const image = Float32Array.from({ length: 6 * 7 * 2 }, () => normal());
  const keep = Uint8Array.from({ length: 6 * 7 }, (_, pixel) => (pixel % 3 === 0 || pixel > 30 ? 1 : 0));

  it('fills every removed pixel with the weighted mean of its in-image neighbours, keeping the rest', () => {
    const result = noisyLinearImputation(image, layout, keep, 0, normal);
    for (let y = 0; y < 6; y++) {
      for (let x = 0; x < 7; x++) {
        const pixel = y * 7 + x;
        for (let c = 0; c < 2; c++) {
          const value = result[pixel * 2 + c]!;
          if (keep[pixel]) {
            expect(value).toBe(image[pixel * 2 + c]);
            continue;
          }
          let weighted = 0;
          let weights = 0;
          for (const [dy, dx, w] of NEIGHBOURS) {
            if (y + dy < 0 || y + dy >= 6 || x + dx < 0 || x + dx >= 7) continue;
            weighted += w * result[((y + dy) * 7 + x + dx) * 2 + c]!;
            weights += w;
          }
          expect(value).toBeCloseTo(weighted / weights, 5);
        }
      }
    }
  });

  it('adds seeded Gaussian noise of the given std to the imputed pixels only', () => {
    const clean = noisyLinearImputation(image, layout, keep, 0, seededNormal(1));
    const noisy = noisyLinearImputation(image, layout, keep, 0.5, seededNormal(1));
    const again = noisyLinearImputation(image, layout, keep, 0.5, seededNormal(1));
    expect(Array.from(again)).toEqual(Array.from(noisy));
    const differences = Array.from(noisy, (v, i) => v - clean[i]!).filter((_, i) => !keep[Math.floor(i / 2)]);
    expect(differences.every((d) => d !== 0)).toBe(true);
    const std = Math.sqrt(differences.reduce((s, d) => s + d * d, 0) / differences.length);
    expect(std).toBeGreaterThan(0.3);
    expect(std).toBeLessThan(0.7);
  });

  it('takes percentiles as numpy does (linear interpolation)', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([4, 1, 3, 2], 10)).toBeCloseTo(1.3, 12);
    expect(percentile([7], 90)).toBe(7);
    expect(() => percentile([1], 120)).toThrow(/percentile in \[0, 100\], got 120/);
  });
});
