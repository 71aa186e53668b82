/**
 * Seeded randomness for shuffling and for the generated datasets. The algorithms are fixed
 * (splitmix32 seeding a sfc32 generator) so that a seed gives the same order and the same images
 * on every machine and in every version.
 */

/** A seeded generator of uniform numbers in [0, 1). */
export type Random = () => number;

function splitmix32(state: number): () => number {
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function checkSeed(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new Error(`${what} must be a safe integer, got ${value}`);
}

/** A generator derived from one or more integers (e.g. seed and epoch). */
export function createRandom(...seeds: number[]): Random {
  let state = 0x5eed;
  for (const seed of seeds) {
    checkSeed(seed, 'seed');
    const low = seed % 0x1_0000_0000;
    const high = Math.floor(seed / 0x1_0000_0000);
    state = splitmix32(splitmix32(state ^ low)() ^ high)();
  }
  const next = splitmix32(state);
  let a = next();
  let b = next();
  let c = next();
  let d = next() | 1;
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 0x1_0000_0000;
  };
}

/** Uniform integer in [lo, hi] inclusive. */
export function randomInt(random: Random, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}

/** Uniform number in [lo, hi). */
export function uniform(random: Random, lo: number, hi: number): number {
  return lo + random() * (hi - lo);
}

/** Picks one element uniformly. */
export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates), the same for the same seeds. */
export function permutation(n: number, ...seeds: number[]): Int32Array {
  const random = createRandom(...seeds);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = order[i]!;
    order[i] = order[j]!;
    order[j] = swap;
  }
  return order;
}
