import { availableParallelism } from 'node:os';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { afterEach, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend';
import { MAX_WASM_THREADS, requestedWasmThreads } from './wasm-threads';

const savedEnv = process.env.BCOS_THREADS;
afterEach(() => {
  if (savedEnv === undefined) delete process.env.BCOS_THREADS;
  else process.env.BCOS_THREADS = savedEnv;
});

describe('wasm thread count', () => {
  it('takes the option first, then BCOS_THREADS, then every core up to 8', () => {
    process.env.BCOS_THREADS = '3';
    expect(requestedWasmThreads(2)).toEqual({ count: 2, explicit: true });
    expect(requestedWasmThreads(undefined)).toEqual({ count: 3, explicit: true });
    delete process.env.BCOS_THREADS;
    expect(requestedWasmThreads(undefined)).toEqual({
      count: Math.min(availableParallelism(), MAX_WASM_THREADS),
      explicit: false,
    });
  });

  it('rejects counts that are not whole numbers from 1 to 8, naming the source', () => {
    for (const bad of [0, 1.5, 9, Number.NaN]) {
      expect(() => requestedWasmThreads(bad)).toThrow(
        `option threads: expected a whole number of threads from 1 to 8 (tfjs-backend-wasm's limit), got ${bad}`,
      );
    }
    process.env.BCOS_THREADS = 'two';
    expect(() => requestedWasmThreads(undefined)).toThrow(/^BCOS_THREADS: .* got two$/);
  });

  it('runs wasm on the threads it reports, leaves process listeners alone, and refuses another count once started', async () => {
    delete process.env.BCOS_THREADS;
    const listeners = () => [process.listeners('uncaughtException'), process.listeners('unhandledRejection')];
    const before = listeners();
    const info = await initBackend({ backend: 'wasm' });
    expect(listeners()).toEqual(before);
    expect(info.threads).toBe(Math.min(availableParallelism(), MAX_WASM_THREADS));
    expect(getThreadsCount()).toBe(info.threads);
    expect(info.description).toContain(info.threads === 1 ? 'one thread' : `${info.threads} threads`);
    await expect(initBackend({ backend: 'wasm', threads: info.threads! + 1 })).rejects.toThrow(
      `wasm already runs on ${info.threads} thread(s) in this process; ${info.threads! + 1} cannot be chosen after it started`,
    );
    expect((await initBackend({ backend: 'wasm' })).threads).toBe(info.threads);
  });
});
