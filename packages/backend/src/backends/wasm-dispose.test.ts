import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { initBackend } from '../init-backend';
import { heapParallelFor } from '../kernels/wasm/parallel-for';

describe('disposing the threaded wasm backend', () => {
  it("ends its kernel workers and Emscripten's threads", async () => {
    await initBackend({ backend: 'wasm', threads: 2 });
    const backend = tf.backend() as tf.KernelBackend & { wasm: { PThread: { terminateAllThreads(): void } } };
    const pool = heapParallelFor(backend);
    expect(pool.threads).toBe(2);
    const poolDisposed = vi.spyOn(pool, 'dispose');
    const threadsEnded = vi.spyOn(backend.wasm.PThread, 'terminateAllThreads');
    tf.removeBackend('wasm');
    expect(poolDisposed).toHaveBeenCalled();
    expect(threadsEnded).toHaveBeenCalled();
  });
});
