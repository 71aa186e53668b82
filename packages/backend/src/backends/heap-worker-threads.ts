import { Worker } from 'node:worker_threads';
import type { HeapWorkerSpawner } from '../kernels/wasm/heap-workers';

/** Heap-loop workers as Node worker threads that never keep the process alive. */
export const spawnHeapWorkerThread: HeapWorkerSpawner = (source, workerData) => {
  const worker = new Worker(source, { eval: true, workerData });
  worker.unref();
  return worker;
};
