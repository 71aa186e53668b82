/**
 * Test helpers shared by every @bcos package (the tfjs `describeWithFlags` idea): one suite, run on
 * every backend present. A missing backend or system part skips with a printed reason, and fails
 * when BCOS_REQUIRE_ALL=1 so that CI can never skip silently.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BackendInfo, type BackendName, BackendUnavailableError, isBackendName } from './backends/types';
import { initBackend } from './init-backend';

export { type RawResponse, rawRequest } from './serve/raw-request';

export const TEST_BACKENDS: readonly BackendName[] = ['cpu', 'wasm', 'webgpu'];

export function requireAll(): boolean {
  return process.env.BCOS_REQUIRE_ALL === '1';
}

/** Backends the suites run on: all three, or the comma-separated BCOS_TEST_BACKENDS. */
export function backendsUnderTest(): BackendName[] {
  const listed = process.env.BCOS_TEST_BACKENDS?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!listed?.length) return [...TEST_BACKENDS];
  for (const name of listed)
    if (!isBackendName(name)) throw new Error(`BCOS_TEST_BACKENDS: unknown backend '${name}'`);
  if (requireAll() && listed.length < TEST_BACKENDS.length) {
    throw new Error('BCOS_TEST_BACKENDS cannot narrow the backends while BCOS_REQUIRE_ALL=1');
  }
  return listed as BackendName[];
}

const started = new Map<BackendName, Promise<BackendInfo | BackendUnavailableError>>();

/** Starts a backend once per test process; later calls only make it active again. */
export function startOnce(name: BackendName): Promise<BackendInfo | BackendUnavailableError> {
  let result = started.get(name);
  if (!result) {
    result = initBackend({ backend: name, allowSoftwareGpu: true }).catch((error: unknown) => {
      if (error instanceof BackendUnavailableError) return error;
      throw error;
    });
    started.set(name, result);
  }
  return result;
}

/** Declares what a missing prerequisite does: skip with a printed reason, or fail under BCOS_REQUIRE_ALL. */
function unavailable(title: string, reason: string): void {
  if (requireAll()) {
    it(`prerequisite: ${reason}`, () => {
      throw new Error(`${title}: ${reason} (BCOS_REQUIRE_ALL=1 forbids skipping)`);
    });
  } else {
    console.warn(`[skip] ${title}: ${reason}`);
    it.skip(`skipped: ${reason}`, () => {});
  }
}

export interface BackendContext {
  name: BackendName;
  info: () => BackendInfo;
}

/** Runs `body`'s suite once per backend under test, with that backend active. */
export function describeBackends(
  title: string,
  body: (backend: BackendContext) => void,
  options: { backends?: readonly BackendName[] } = {},
): void {
  const selected = backendsUnderTest().filter((name) => !options.backends || options.backends.includes(name));
  for (const name of selected) {
    describe(`${title} [${name}]`, async () => {
      const status = await startOnce(name);
      if (status instanceof BackendUnavailableError) {
        unavailable(`${title} [${name}]`, status.message);
        return;
      }
      beforeAll(async () => {
        await tf.setBackend(name);
        await tf.ready();
      });
      body({ name, info: () => status });
    });
  }
}

/** A suite that needs a part of the system (a file, a program); `check` returns the reason it is missing. */
export function describeWithSystemPart(
  title: string,
  check: () => string | undefined | Promise<string | undefined>,
  body: () => void,
): void {
  describe(title, async () => {
    const missing = await check();
    if (missing) {
      unavailable(title, missing);
      return;
    }
    body();
  });
}

/** `n` deterministic values in [-1, 1) (an LCG from `seed`), so every backend sees the same inputs. */
export function seededValues(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Fails if `fn` leaves tensors behind. */
export async function expectNoLeaks<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  expect(after - before, `tensors leaked: ${after - before}`).toBe(0);
  return result;
}

type Numeric = tf.Tensor | ArrayLike<number> | number;

async function flatten(value: Numeric): Promise<Float64Array> {
  if (typeof value === 'number') return Float64Array.of(value);
  if (value instanceof tf.Tensor) return Float64Array.from(await value.data());
  return Float64Array.from(value as ArrayLike<number>);
}

/**
 * The same float32 values bit for bit (as Object.is sees them: −0 differs from 0, NaN equals NaN),
 * reporting the first element that differs (a plain toEqual prints both whole arrays).
 */
export async function expectBitwiseEqual(
  actual: tf.Tensor,
  expected: tf.Tensor,
  label = 'values',
): Promise<void> {
  const [a, e] = await Promise.all([actual.data(), expected.data()]);
  expect(a.length, `${label}: length`).toBe(e.length);
  const first = a.findIndex((v, i) => !Object.is(v, e[i]));
  if (first >= 0) expect.fail(`${label}: element ${first} is ${a[first]}, expected ${e[first]} bit for bit`);
}

/** Element-wise |a − b| ≤ atol + rtol·|b|, reporting the worst element when it fails. */
export async function expectAllClose(
  actual: Numeric,
  expected: Numeric | number[] | number[][] | unknown[],
  { atol = 1e-4, rtol = 1e-4, label = 'values' }: { atol?: number; rtol?: number; label?: string } = {},
): Promise<void> {
  const a = await flatten(actual);
  const e = await flatten(
    Array.isArray(expected) ? (expected.flat(Number.POSITIVE_INFINITY) as number[]) : (expected as Numeric),
  );
  expect(a.length, `${label}: length`).toBe(e.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < a.length; i++) {
    const excess = Math.abs(a[i]! - e[i]!) - (atol + rtol * Math.abs(e[i]!));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    expect.fail(
      `${label}: element ${worst} is ${a[worst]}, expected ${e[worst]} (atol ${atol}, rtol ${rtol})`,
    );
  }
}
