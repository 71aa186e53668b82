import { adamStepLoop } from './adam-step-loop';
import { batchNormLoop } from './batch-norm-loop';
import { blockColumnSumsLoop } from './block-column-sums-loop';
import { channelAffineLoop } from './channel-affine-loop';
import { channelSumsLoop } from './channel-sums-loop';
import { columnSumsLoop } from './column-sums-loop';
import { fillPatchesLoop } from './fill-patches-loop';
import { type HeapWorker, type HeapWorkerSpawner, heapWorkerSpawner } from './heap-workers';
import { rowSumsLoop } from './row-sums-loop';
import { scatterPatchesLoop } from './scatter-patches-loop';

/**
 * A loop over [begin, end) that reads and writes the wasm heap through byte offsets in `args`. It
 * must be self-contained (no outer names, no nested functions): workers evaluate its source.
 */
export type HeapLoop = (buffer: ArrayBufferLike, args: readonly number[], begin: number, end: number) => void;

const LOOPS = {
  fillPatches: fillPatchesLoop,
  scatterPatches: scatterPatchesLoop,
  columnSums: columnSumsLoop,
  blockColumnSums: blockColumnSumsLoop,
  rowSums: rowSumsLoop,
  adamStep: adamStepLoop,
  batchNorm: batchNormLoop,
  channelSums: channelSumsLoop,
  channelAffine: channelAffineLoop,
} as const satisfies Record<string, HeapLoop>;
export type LoopName = keyof typeof LOOPS;

const PENDING = 0;
const DONE = 1;
const FAILED = 2;

function workerSource(): string {
  const loops = Object.entries(LOOPS)
    .map(([name, loop]) => `${name}: (${loop.toString()}),`)
    .join('\n');
  return `
const { parentPort, workerData } = require('node:worker_threads');
const __name = (f) => f;
const loops = {\n${loops}\n};
const status = new Int32Array(workerData.status);
parentPort.on('message', ({ loop, args, begin, end, slot }) => {
  let state = ${DONE};
  try {
    loops[loop](workerData.memory.buffer, args, begin, end);
  } catch (error) {
    state = ${FAILED};
    console.error(error);
  }
  Atomics.store(status, slot, state);
  Atomics.notify(status, slot);
});`;
}

/**
 * Splits heap loops of the project's wasm kernels over the cores XNNPACK uses: threads − 1 workers
 * sharing the wasm memory, plus the calling thread. Each part writes its own range, so results do
 * not depend on the thread count.
 */
export class HeapParallelFor {
  private readonly workers: HeapWorker[];
  private readonly status: Int32Array;

  constructor(
    memory: WebAssembly.Memory | undefined,
    readonly threads: number,
    spawn: HeapWorkerSpawner | undefined,
  ) {
    if (memory && threads > 1 && !spawn) {
      throw new Error(`HeapParallelFor: ${threads} threads need a way to start workers (useHeapWorkers)`);
    }
    const workers = memory && spawn ? threads - 1 : 0;
    // A page that is not cross-origin isolated has no SharedArrayBuffer; one thread needs none.
    this.status = new Int32Array(
      workers > 0 ? new SharedArrayBuffer(4 * threads) : new ArrayBuffer(4 * threads),
    );
    const source = workerSource();
    this.workers = Array.from({ length: workers }, () =>
      spawn!(source, { memory, status: this.status.buffer }),
    );
  }

  /** How many threads `run` puts on [0, total) with parts of at least `minPart`. */
  parts(total: number, minPart: number): number {
    return Math.max(1, Math.min(this.threads, Math.floor(total / minPart)));
  }

  /**
   * Runs `loop` over [0, total) in up to `threads` contiguous parts of at least `minPart` and waits
   * for all. `heap` is the wasm memory as this thread sees it now (a view's buffer).
   */
  run(loop: LoopName, heap: ArrayBufferLike, args: readonly number[], total: number, minPart: number): void {
    const parts = this.parts(total, minPart);
    const size = Math.ceil(total / parts);
    this.runParts(loop, args, 0, size, total, parts, () => LOOPS[loop](heap, args, 0, Math.min(total, size)));
  }

  /**
   * Runs `loop` over [begin, total) on the workers (threads − 1 parts) while this thread does
   * `beside` (e.g. [0, begin) in a faster C kernel), and waits for all.
   */
  runBeside(loop: LoopName, args: readonly number[], begin: number, total: number, beside: () => void): void {
    const workers = Math.min(this.workers.length, total - begin);
    const size = Math.ceil((total - begin) / Math.max(1, workers));
    this.runParts(loop, args, begin - size, size, total, workers + 1, beside);
  }

  /** Parts 1 … parts − 1 ([origin + slot·size, …) capped at total) on the workers, `inline` here. */
  private runParts(
    loop: LoopName,
    args: readonly number[],
    origin: number,
    size: number,
    total: number,
    parts: number,
    inline: () => void,
  ): void {
    for (let slot = 1; slot < parts; slot++) {
      Atomics.store(this.status, slot, PENDING);
      const begin = origin + slot * size;
      const end = Math.min(total, begin + size);
      this.workers[slot - 1]!.postMessage({ loop, args, begin, end, slot });
    }
    let failure: unknown;
    try {
      inline();
    } catch (error) {
      failure = error;
    }
    for (let slot = 1; slot < parts; slot++) {
      Atomics.wait(this.status, slot, PENDING);
      if (Atomics.load(this.status, slot) === FAILED && failure === undefined) {
        failure = new Error(
          `the wasm kernel loop '${loop}' failed in a worker thread (its error is printed above)`,
        );
      }
    }
    if (failure !== undefined) throw failure;
  }

  dispose(): void {
    for (const worker of this.workers) void worker.terminate();
  }
}

interface ThreadedWasm {
  wasmMemory?: WebAssembly.Memory;
  tfjs: { getThreadsCount(): number };
}

const pools = new WeakMap<object, HeapParallelFor>();

/**
 * The pool of the wasm backend's module: one thread (no workers) unless its memory is shared and
 * workers can be started (Node; a browser runs these loops on one thread).
 */
export function heapParallelFor(backend: unknown): HeapParallelFor {
  const wasm = (backend as { wasm: ThreadedWasm }).wasm;
  let pool = pools.get(wasm);
  if (!pool) {
    const memory = wasm.wasmMemory;
    const shared =
      memory !== undefined &&
      typeof SharedArrayBuffer !== 'undefined' &&
      memory.buffer instanceof SharedArrayBuffer;
    const spawn = heapWorkerSpawner();
    pool = new HeapParallelFor(memory, shared && spawn ? Math.max(1, wasm.tfjs.getThreadsCount()) : 1, spawn);
    pools.set(wasm, pool);
  }
  return pool;
}

/** Ends the kernel workers of a wasm module whose backend is disposed (they hold its memory). */
export function disposeHeapParallelFor(wasmModule: object): void {
  pools.get(wasmModule)?.dispose();
  pools.delete(wasmModule);
}
