import { describe, expect, it } from 'vitest';
import { roundHalfEven } from './round-half-even';

describe('roundHalfEven', () => {
  it("rounds halves to the even neighbour as Python's round() does, and the rest to nearest", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5].map(roundHalfEven)).toEqual([0, 2, 2, 0, -2]);
    expect([1.4999, 1.5001, 20, -2.6].map(roundHalfEven)).toEqual([1, 2, 20, -3]);
  });
});
