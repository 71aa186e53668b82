import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileAtomic } from '../io/atomic-write';
import { useHeapWorkers } from '../kernels/wasm/heap-workers';
import { disposeHeapParallelFor } from '../kernels/wasm/parallel-for';
import { spawnHeapWorkerThread } from './heap-worker-threads';

/** tfjs-backend-wasm 4.22's C code caps its XNNPACK thread pool at 8. */
export const MAX_WASM_THREADS = 8;

const WASM_OUT = '@tensorflow/tfjs-backend-wasm/wasm-out';
const GLUE = `${WASM_OUT}/tfjs-backend-wasm-threaded-simd.js`;
const WORKER_GLUE = `${WASM_OUT}/tfjs-backend-wasm-threaded-simd.worker.js`;
const BINARY = 'tfjs-backend-wasm-threaded-simd.wasm';
/** The priority tfjs-backend-wasm registers its backend with. */
const WASM_PRIORITY = 2;

interface ThreadedModule {
  cwrap(name: string, returns: string | null, args: string[]): (...args: number[]) => number;
  tfjs?: Record<string, (...args: number[]) => number>;
  PThread: { runningWorkers: Worker[]; unusedWorkers: Worker[]; terminateAllThreads(): void };
}
type ModuleFactory = (config: Record<string, unknown>) => Promise<ThreadedModule>;
type Imports = Record<string, Record<string, unknown>>;
type ReceiveInstance = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;

interface WasmPackage {
  BackendWasm: new (module: unknown) => tf.KernelBackend;
  setThreadsCount(count: number): void;
  getThreadsCount(): number;
}

function parseThreads(value: unknown, source: string): number {
  const count = typeof value === 'string' ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_WASM_THREADS) {
    throw new Error(
      `${source}: expected a whole number of threads from 1 to ${MAX_WASM_THREADS} (tfjs-backend-wasm's limit), got ${String(value)}`,
    );
  }
  return count;
}

/**
 * The wasm thread count: the `threads` option, else `BCOS_THREADS`, else every core (at most 8).
 * `explicit` says whether someone chose it.
 */
export function requestedWasmThreads(option: number | undefined): { count: number; explicit: boolean } {
  if (option !== undefined) return { count: parseThreads(option, 'option threads'), explicit: true };
  const fromEnv = process.env.BCOS_THREADS;
  if (fromEnv !== undefined && fromEnv !== '') {
    return { count: parseThreads(fromEnv, 'BCOS_THREADS'), explicit: true };
  }
  return { count: Math.min(availableParallelism(), MAX_WASM_THREADS), explicit: false };
}

function packageRequire(): NodeJS.Require {
  return createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
}

/**
 * The Emscripten pthread worker as a CommonJS file. tfjs hands Node's `Worker` a `blob:` URL of this
 * script, which Node cannot start. Its "\n" escapes are real newlines in the exported string.
 */
async function workerScriptFile(contents: string): Promise<string> {
  const script = contents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(script).digest('hex').slice(0, 16);
  const path = join(tmpdir(), `bcos-tfjs-wasm-pthread-${hash}.cjs`);
  await writeFileAtomic(path, script);
  return path;
}

/**
 * Instantiates the binary ourselves to answer `emscripten_num_logical_cores`: the C code sizes its
 * pool as min(requested, logical cores / 2), assuming two hyper-threads per core, so on a 2-core
 * machine it never got past one thread. Answering 2·threads makes the pool exactly `threads`.
 */
function instantiateWith(
  config: Partial<ThreadedModule>,
  binaryPath: string,
  threads: number,
  failed: (error: unknown) => void,
) {
  return (imports: Imports, receive: ReceiveInstance) => {
    const env = { ...imports.env, emscripten_num_logical_cores: () => 2 * threads };
    readFile(binaryPath)
      .then((binary) => WebAssembly.instantiate(binary, { ...imports, env, wasi_snapshot_preview1: env }))
      .then(({ instance, module }) => {
        dropSurplusWorkers(config, threads);
        receive(instance, module);
      })
      .catch(failed);
    return {};
  };
}

/** The glue starts 8 workers; the pool needs threads − 1, and each would load the module for nothing. */
function dropSurplusWorkers(config: Partial<ThreadedModule>, threads: number): void {
  const idle = config.PThread?.unusedWorkers;
  if (!idle) return;
  for (const worker of idle.splice(threads - 1)) void worker.terminate();
}

/** The Emscripten glue adds process listeners that rethrow every error; tfjs removes them only on dispose. */
async function withoutNewProcessListeners<T>(run: () => Promise<T>): Promise<T> {
  const before = new Set([
    ...process.listeners('uncaughtException'),
    ...process.listeners('unhandledRejection'),
  ]);
  try {
    return await run();
  } finally {
    for (const listener of process.listeners('uncaughtException')) {
      if (!before.has(listener)) process.removeListener('uncaughtException', listener);
    }
    for (const listener of process.listeners('unhandledRejection')) {
      if (!before.has(listener)) process.removeListener('unhandledRejection', listener);
    }
  }
}

async function loadThreadedModule(threads: number): Promise<ThreadedModule> {
  const require = packageRequire();
  const glue = require.resolve(GLUE);
  const factory = require(glue) as ModuleFactory;
  const worker = await workerScriptFile(
    (require(WORKER_GLUE) as { wasmWorkerContents: string }).wasmWorkerContents,
  );
  return withoutNewProcessListeners(
    () =>
      new Promise<ThreadedModule>((resolve, reject) => {
        // Emscripten makes this object the module itself: PThread appears on it.
        const config: Record<string, unknown> = {
          locateFile: (file: string, prefix: string) =>
            file.endsWith('.worker.js') ? worker : prefix + file,
          mainScriptUrlOrBlob: glue,
        };
        config.instantiateWasm = instantiateWith(config, join(dirname(glue), BINARY), threads, reject);
        factory(config).then(resolve, reject);
      }),
  );
}

/** The same C entry points tfjs-backend-wasm's own `init()` binds. */
function bindEntryPoints(module: ThreadedModule): void {
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
}

async function threadedBackend(wasm: WasmPackage, threads: number): Promise<tf.KernelBackend> {
  const module = await loadThreadedModule(threads);
  bindEntryPoints(module);
  wasm.setThreadsCount(threads);
  const backend = new wasm.BackendWasm(module);
  // The pool's threads wait for work for the life of the backend; they must not keep Node alive.
  for (const worker of module.PThread.runningWorkers) worker.unref();
  const dispose = backend.dispose.bind(backend);
  backend.dispose = () => {
    dispose();
    module.PThread.terminateAllThreads();
    disposeHeapParallelFor(module);
  };
  const running = wasm.getThreadsCount();
  if (running !== threads) {
    backend.dispose();
    throw new Error(`tfjs-backend-wasm started ${running} threads where ${threads} were asked for`);
  }
  return backend;
}

/**
 * Puts a multi-threaded wasm backend in place of tfjs-backend-wasm's registration, which keeps Node
 * on one thread (tfjs issue 3830). It must run before the wasm backend is first initialised.
 */
export function registerThreadedWasm(wasm: WasmPackage, threads: number): void {
  if (tf.engine().registry.wasm) {
    throw new Error(
      'the wasm backend was already initialised on one thread; choose threads before it starts',
    );
  }
  useHeapWorkers(spawnHeapWorkerThread);
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', () => threadedBackend(wasm, threads), WASM_PRIORITY);
}
