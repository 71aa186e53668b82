import { expectAllClose } from '@bcos/backend/testing';
import type * as tf from '@tensorflow/tfjs-core';

/** The tolerance of the reference-model parity tests: float32 noise is < 1e-5 of the scale there. */
export const PARITY_TOLERANCE = 1e-4;

/**
 * How far the float32 references themselves are from the same model in float64 (the fixtures' README:
 * < 1e-5 of the largest |value|): a per-element relative check of a small value cannot be tighter than that.
 */
export const REFERENCE_FLOAT32_NOISE = 1e-5;

export function maxAbs(values: ArrayLike<number>): number {
  return Array.from(values).reduce((max, v) => Math.max(max, Math.abs(v)), 0);
}

/**
 * Each value within 1e-4 of `scale` (default: the largest expected |value|): in deep nets float32
 * noise scales with the largest activation, and small entries are sums that cancel.
 */
export async function expectCloseToScale(
  actual: tf.Tensor | ArrayLike<number>,
  expected: number[],
  label: string,
  scale = maxAbs(expected),
): Promise<void> {
  await expectAllClose(actual, expected, { rtol: 0, atol: PARITY_TOLERANCE * scale, label });
}
