import { describe, expect, it } from 'vitest';
import { createRandom, permutation } from './random';

describe('permutation', () => {
  it('is a permutation of 0..n-1, the same for the same seeds and different for others', () => {
    const order = permutation(1000, 7, 0);
    expect(Array.from(order).sort((a, b) => a - b)).toEqual([...Array(1000).keys()]);
    expect(permutation(1000, 7, 0)).toEqual(order);
    expect(permutation(1000, 7, 1)).not.toEqual(order);
    expect(permutation(1000, 8, 0)).not.toEqual(order);
  });

  it('does not confuse (seed, epoch) pairs that add up to the same number', () => {
    expect(permutation(100, 1, 2)).not.toEqual(permutation(100, 2, 1));
  });

  it('places each element everywhere about equally often', () => {
    const positionsOfZero = new Array(10).fill(0);
    for (let epoch = 0; epoch < 5000; epoch++) positionsOfZero[permutation(10, 3, epoch).indexOf(0)]++;
    for (const count of positionsOfZero) expect(count).toBeGreaterThan(400);
  });
});

describe('createRandom', () => {
  it('gives numbers in [0, 1) with mean ½, reproducibly', () => {
    const random = createRandom(42);
    const values = Array.from({ length: 10_000 }, random);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 1);
    expect(createRandom(42)()).toBe(values[0]);
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => createRandom(0.5)).toThrow('seed must be a safe integer, got 0.5');
  });
});
