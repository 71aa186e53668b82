/** What the heap loops need of a worker thread that shares the wasm memory. */
export interface HeapWorker {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/** Starts a worker evaluating `source`, with `workerData` ({memory, status}) as Node's worker_threads pass it. */
export type HeapWorkerSpawner = (
  source: string,
  workerData: { memory: unknown; status: unknown },
) => HeapWorker;

let installed: HeapWorkerSpawner | undefined;

/** Lets the project's wasm kernels split their loops over workers (Node installs worker_threads). */
export function useHeapWorkers(spawn: HeapWorkerSpawner): void {
  installed = spawn;
}

/** The installed way to start heap workers; none in a browser, where the loops run on one thread. */
export function heapWorkerSpawner(): HeapWorkerSpawner | undefined {
  return installed;
}
