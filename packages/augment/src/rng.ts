/** The serialisable state of a generator, for checkpoints. */
export interface RngState {
  algorithm: 'xoshiro128**';
  state: [number, number, number, number];
}

/**
 * A seeded pseudo-random generator. Parameters are drawn on the host, so the same seed gives the
 * same augmentation on every backend.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi] inclusive. */
  int(lo: number, hi: number): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** True with probability p. */
  bernoulli(p: number): boolean;
  state(): RngState;
  /**
   * An independent generator derived from this one's seed and a label (e.g. an epoch number). The
   * seed is the current state (for a fresh generator, the state `createRng(seed)` made), so a
   * generator restored with `rngFromState(rng.state())` forks exactly as `rng` does. Forking does
   * not advance this generator.
   */
  fork(label: string | number): Rng;
}

const ALGORITHM = 'xoshiro128**';
const TWO_TO_32 = 2 ** 32;

/** A generator seeded from a safe integer; seeds below 2^32 all give distinct streams. */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new Error(`createRng: seed must be a safe integer, got ${seed}`);
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_TO_32) >>> 0;
  return new Xoshiro128(expandSeed(low ^ finalize32(high)));
}

/** Resumes a generator from `rng.state()`: it continues with exactly the numbers the original would draw. */
export function rngFromState(state: RngState): Rng {
  if (state?.algorithm !== ALGORITHM) {
    throw new Error(`rngFromState: algorithm must be '${ALGORITHM}', got '${state?.algorithm}'`);
  }
  const words = state.state;
  const valid =
    Array.isArray(words) &&
    words.length === 4 &&
    words.every((w) => Number.isInteger(w) && w >= 0 && w < TWO_TO_32);
  if (!valid)
    throw new Error(`rngFromState: state must be four integers in [0, 2^32), got ${JSON.stringify(words)}`);
  if (words.every((w) => w === 0)) throw new Error('rngFromState: state must not be all zero');
  return new Xoshiro128(Uint32Array.from(words));
}

/** xoshiro128** 1.0 (Blackman & Vigna): 32-bit outputs, period 2^128 − 1. */
class Xoshiro128 implements Rng {
  constructor(private readonly s: Uint32Array) {}

  nextUint32(): number {
    const s = this.s;
    const [s0, s1] = [s[0]!, s[1]!];
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const s2 = s[2]! ^ s0;
    const s3 = s[3]! ^ s1;
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ (s1 << 9);
    s[3] = rotl(s3, 11);
    return result;
  }

  next(): number {
    return this.nextUint32() / TWO_TO_32;
  }

  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
      throw new Error(`Rng.int: need integers lo <= hi, got [${lo}, ${hi}]`);
    }
    const span = hi - lo + 1;
    if (span > TWO_TO_32) throw new Error(`Rng.int: range [${lo}, ${hi}] is wider than 2^32`);
    // Rejection keeps every value equally likely (a plain modulo favours small remainders).
    const limit = TWO_TO_32 - (TWO_TO_32 % span);
    let draw = this.nextUint32();
    while (draw >= limit) draw = this.nextUint32();
    return lo + (draw % span);
  }

  uniform(lo: number, hi: number): number {
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
      throw new Error(`Rng.uniform: need finite lo <= hi, got [${lo}, ${hi}]`);
    }
    if (lo === hi) return lo;
    // lo + (hi − lo)·u can round up to hi; drawing again keeps the interval half-open.
    for (;;) {
      const value = lo + (hi - lo) * this.next();
      if (value < hi) return value;
    }
  }

  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new Error(`Rng.bernoulli: p must be in [0, 1], got ${p}`);
    return this.next() < p;
  }

  state(): RngState {
    const [a, b, c, d] = this.s;
    return { algorithm: ALGORITHM, state: [a!, b!, c!, d!] };
  }

  fork(label: string | number): Rng {
    const stream = splitmix32(hashLabel(label));
    const derived = this.s.map((word) => finalize32(word ^ stream()));
    if (derived.every((w) => w === 0)) derived[0] = 1;
    return new Xoshiro128(derived);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** splitmix32: a seed spread over the 128-bit state, as the xoshiro authors recommend. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    return finalize32(state);
  };
}

function expandSeed(seed: number): Uint32Array {
  const stream = splitmix32(seed);
  const words = Uint32Array.from({ length: 4 }, stream);
  if (words.every((w) => w === 0)) words[0] = 1;
  return words;
}

/** MurmurHash3's 32-bit finaliser: every input bit flips each output bit with probability ≈ 1/2. */
function finalize32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a over the label's type and text, so that the label 1 and the label '1' fork differently. */
function hashLabel(label: string | number): number {
  if (typeof label === 'number' && !Number.isFinite(label)) {
    throw new Error(`Rng.fork: label must be a finite number or a string, got ${label}`);
  }
  const text = `${typeof label}:${label}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
