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
  /** An independent generator derived from this one's seed and a label (e.g. an epoch number). */
  fork(label: string | number): Rng;
}
