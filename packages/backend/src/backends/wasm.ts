import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activate';
import { type BackendInfo, BackendUnavailableError, isModuleNotFound, type StartOptions } from './types';
import { registerThreadedWasm, requestedWasmThreads } from './wasm-threads';

const WASM_MODULE = '@tensorflow/tfjs-backend-wasm';

/** Someone started wasm before initBackend: its thread count stands, unless another was asked for. */
function alreadyRunning(running: number, asked: { count: number; explicit: boolean }): number {
  if (asked.explicit && asked.count !== running) {
    throw new Error(
      `wasm was started on ${running} thread(s) before initBackend; ${asked.count} cannot be chosen after it started`,
    );
  }
  return running;
}

export async function startWasm(options: StartOptions): Promise<BackendInfo> {
  const threads = requestedWasmThreads(options.threads);
  let wasm: Parameters<typeof registerThreadedWasm>[0];
  try {
    wasm = await import(WASM_MODULE);
  } catch (error) {
    const reason = isModuleNotFound(error, WASM_MODULE)
      ? `${WASM_MODULE} is not installed (npm install ${WASM_MODULE}@4.22)`
      : `importing ${WASM_MODULE} failed: ${(error as Error).message}`;
    throw new BackendUnavailableError('wasm', reason);
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  if (threads.count > 1 && !simd) {
    if (threads.explicit) {
      throw new BackendUnavailableError(
        'wasm',
        `${threads.count} threads need WebAssembly SIMD, which is missing`,
      );
    }
    threads.count = 1;
  }
  if (tf.engine().registry.wasm) {
    threads.count = alreadyRunning(wasm.getThreadsCount(), threads);
  } else if (threads.count > 1) {
    registerThreadedWasm(wasm, threads.count);
  }
  await activate('wasm');
  return {
    name: 'wasm',
    description: `XNNPACK${simd ? ' + SIMD' : ''}, ${threads.count === 1 ? 'one thread' : `${threads.count} threads`}`,
    software: false,
    threads: threads.count,
  };
}
