import { createRng } from '@bcos/augment';

/**
 * Runs a synchronous model construction with `Math.random` drawn from a seeded generator. tfjs'
 * random initialisers without an explicit seed seed themselves from `Math.random`, so this makes
 * the initial weights of any model (including those whose factories take no seed) reproducible.
 */
export function withSeededRandom<T>(seed: number, build: () => T): T {
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const original = Math.random;
  const rng = createRng(seed);
  Math.random = () => rng.next();
  try {
    const result = build();
    if (result instanceof Promise) throw new Error('withSeededRandom: build must be synchronous');
    return result;
  } finally {
    Math.random = original;
  }
}
