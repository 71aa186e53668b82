import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend';

describe('wasm started by tfjs before initBackend', () => {
  it('keeps its one thread, and refuses another count rather than ignoring it', async () => {
    delete process.env.BCOS_THREADS;
    expect(await tf.setBackend('wasm')).toBe(true);
    await expect(initBackend({ backend: 'wasm', threads: 2 })).rejects.toThrow(
      'wasm was started on 1 thread(s) before initBackend; 2 cannot be chosen after it started',
    );
    const info = await initBackend({ backend: 'wasm' });
    expect([info.threads, info.description]).toEqual([1, 'XNNPACK + SIMD, one thread']);
  });
});
