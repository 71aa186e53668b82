import * as tf from '@tensorflow/tfjs-core';
import { activate } from './activate';
import { type BackendInfo, BackendUnavailableError, isModuleNotFound } from './types';

const WASM_MODULE = '@tensorflow/tfjs-backend-wasm';

export async function startWasm(): Promise<BackendInfo> {
  try {
    await import(WASM_MODULE);
  } catch (error) {
    const reason = isModuleNotFound(error, WASM_MODULE)
      ? `${WASM_MODULE} is not installed (npm install ${WASM_MODULE}@4.22)`
      : `importing ${WASM_MODULE} failed: ${(error as Error).message}`;
    throw new BackendUnavailableError('wasm', reason);
  }
  await activate('wasm');
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return {
    name: 'wasm',
    description: `XNNPACK${simd ? ' + SIMD' : ''}, ${threads ? 'multi-threaded' : 'one thread'}`,
    software: false,
  };
}
