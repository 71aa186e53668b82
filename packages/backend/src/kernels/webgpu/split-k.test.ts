import { describe, expect, it } from 'vitest';
import { TILE } from './filter-gradient-shader';
import { depthPerSplit, splitCount } from './split-k';

describe('split-K planning of the webgpu filter gradient', () => {
  it('splits the deep, narrow GEMMs of early layers across many workgroups', () => {
    // layer1 of ResNet-18 at batch 128: dW 3·3·64 × 64 (9 tiles), reduction 128·32·32.
    const splits = splitCount(576, 64, 128 * 32 * 32, TILE);
    expect(splits).toBe(59);
    expect(splits * 9).toBeGreaterThanOrEqual(528);
  });

  it('keeps one split where the output alone fills the GPU', () => {
    // layer4: dW 3·3·512 × 512 = 576 tiles, reduction 128·4·4.
    expect(splitCount(4608, 512, 128 * 4 * 4, TILE)).toBe(1);
  });

  it('never cuts a split below 256 reduction elements', () => {
    expect(splitCount(27, 64, 1000, TILE)).toBe(3);
    expect(splitCount(27, 64, 100, TILE)).toBe(1);
  });

  it('bounds the partial-sum buffer', () => {
    const rows = 4096;
    const columns = 4096;
    const splits = splitCount(rows, columns, 1 << 24, { rows: 1024, columns: 1024, depth: 16 });
    expect(splits * rows * columns).toBeLessThanOrEqual(1 << 26);
    expect(splits).toBe(4);
  });

  it('gives every split a whole number of tiles and covers the reduction', () => {
    for (const [depth, splits] of [
      [131072, 59],
      [1000, 3],
      [17, 1],
    ] as const) {
      const perSplit = depthPerSplit(depth, splits, TILE.depth);
      expect(perSplit % TILE.depth).toBe(0);
      expect(perSplit * splits).toBeGreaterThanOrEqual(depth);
      expect(perSplit * (splits - 1)).toBeLessThan(depth);
    }
  });
});
