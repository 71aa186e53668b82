import * as tf from '@tensorflow/tfjs-core';
import { activate } from '../activate';
import { type BackendInfo, BackendUnavailableError, type StartOptions } from '../types';

type WasmModule = typeof import('@tensorflow/tfjs-backend-wasm');

async function importWasm(): Promise<WasmModule> {
  try {
    return await import('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    throw new BackendUnavailableError(
      'wasm',
      `importing @tensorflow/tfjs-backend-wasm failed: ${(error as Error).message}`,
    );
  }
}

/**
 * tfjs-backend-wasm in a page: it fetches its .wasm files (from `wasmPaths` when given) and runs
 * threads only where the page is cross-origin isolated (SharedArrayBuffer).
 */
export async function startBrowserWasm(options: StartOptions): Promise<BackendInfo> {
  const wasm = await importWasm();
  const started = Boolean(tf.engine().registry.wasm);
  if (!started) {
    if (options.wasmPaths !== undefined) wasm.setWasmPaths(options.wasmPaths);
    if (options.threads !== undefined) wasm.setThreadsCount(options.threads);
  }
  await activate('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = wasm.getThreadsCount();
  return {
    name: 'wasm',
    description: `XNNPACK${simd ? ' + SIMD' : ''}, ${threads === 1 ? 'one thread' : `${threads} threads`}`,
    software: false,
    threads,
  };
}
