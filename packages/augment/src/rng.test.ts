import { describe, expect, it } from 'vitest';
import { createRng, type Rng, rngFromState } from './rng';

const draws = (rng: Rng, count: number) => Array.from({ length: count }, () => rng.next());

/** Pearson's χ² of observed counts against equal expected counts. */
function chiSquare(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

describe('xoshiro128** generator', () => {
  it('matches the reference implementation from state [1, 2, 3, 4]', () => {
    const rng = rngFromState({ algorithm: 'xoshiro128**', state: [1, 2, 3, 4] });
    // The first outputs of Blackman & Vigna's xoshiro128starstar.c from s = {1, 2, 3, 4}.
    expect(draws(rng, 6).map((u) => u * 2 ** 32)).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492,
    ]);
    expect(rng.state().state).toEqual([1110993931, 286554632, 2431677446, 2165318166]);
  });

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    expect(draws(createRng(42), 20)).toEqual(draws(createRng(42), 20));
    expect(draws(createRng(42), 20)).not.toEqual(draws(createRng(43), 20));
    expect(draws(createRng(2 ** 40 + 5), 5)).not.toEqual(draws(createRng(5), 5));
  });

  it('resumes from a saved state with exactly the numbers the original draws next', () => {
    const rng = createRng(7);
    draws(rng, 13);
    const saved = JSON.parse(JSON.stringify(rng.state()));
    expect(draws(rngFromState(saved), 50)).toEqual(draws(rng, 50));
  });

  it('forks deterministically, by label, without advancing the parent', () => {
    const rng = createRng(3);
    const before = rng.state();
    const a = draws(rng.fork(1), 10);
    expect(rng.state()).toEqual(before);
    expect(draws(createRng(3).fork(1), 10)).toEqual(a);
    expect(draws(rng.fork(2), 10)).not.toEqual(a);
    expect(draws(rng.fork('1'), 10)).not.toEqual(a);
    expect(draws(rng, 10)).not.toEqual(a);
  });

  it('forks a restored generator exactly as the original', () => {
    const rng = createRng(11);
    draws(rng, 5);
    expect(draws(rngFromState(rng.state()).fork('epoch-3'), 10)).toEqual(draws(rng.fork('epoch-3'), 10));
  });

  it('draws integers uniformly over [lo, hi], both ends included', () => {
    const rng = createRng(5);
    const counts = new Array(9).fill(0);
    for (let i = 0; i < 18_000; i++) counts[rng.int(-4, 4) + 4]++;
    // χ² with 8 degrees of freedom: 26.1 is its 99.9% quantile.
    expect(chiSquare(counts)).toBeLessThan(26.1);
    expect(createRng(1).int(6, 6)).toBe(6);
  });

  it('draws uniform numbers in [lo, hi) with the right mean', () => {
    const rng = createRng(9);
    const values = Array.from({ length: 20_000 }, () => rng.uniform(-2, 6));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...values)).toBeLessThan(6);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    // Standard error 8/√12/√20000 ≈ 0.016.
    expect(Math.abs(mean - 2)).toBeLessThan(0.07);
  });

  it('is true with probability p', () => {
    const rng = createRng(10);
    const hits = Array.from({ length: 20_000 }, () => rng.bernoulli(0.3)).filter(Boolean).length;
    // Standard error √(0.3·0.7/20000) ≈ 0.0032.
    expect(Math.abs(hits / 20_000 - 0.3)).toBeLessThan(0.015);
    expect(createRng(1).bernoulli(0)).toBe(false);
    expect(createRng(1).bernoulli(1)).toBe(true);
  });

  it('rejects bad seeds, states and arguments with errors naming them', () => {
    expect(() => createRng(1.5)).toThrow(/createRng: seed must be a safe integer, got 1.5/);
    expect(() => createRng(Number.NaN)).toThrow(/seed/);
    expect(() => rngFromState({ algorithm: 'mt19937' as 'xoshiro128**', state: [1, 2, 3, 4] })).toThrow(
      /algorithm must be 'xoshiro128\*\*', got 'mt19937'/,
    );
    expect(() => rngFromState({ algorithm: 'xoshiro128**', state: [1, 2, 3] as never })).toThrow(
      /four integers/,
    );
    expect(() => rngFromState({ algorithm: 'xoshiro128**', state: [1, 2, 3, 2 ** 32] })).toThrow(
      /four integers/,
    );
    expect(() => rngFromState({ algorithm: 'xoshiro128**', state: [0, 0, 0, 0] })).toThrow(/all zero/);
    const rng = createRng(1);
    expect(() => rng.int(3, 2)).toThrow(/Rng.int: need integers lo <= hi, got \[3, 2\]/);
    expect(() => rng.int(0.5, 2)).toThrow(/Rng.int/);
    expect(() => rng.int(0, 2 ** 33)).toThrow(/wider than 2\^32/);
    expect(() => rng.uniform(1, 0)).toThrow(/Rng.uniform/);
    expect(() => rng.bernoulli(1.5)).toThrow(/Rng.bernoulli: p must be in \[0, 1\], got 1.5/);
    expect(() => rng.fork(Number.POSITIVE_INFINITY)).toThrow(/Rng.fork/);
  });
});
