import * as tf from '@tensorflow/tfjs-core';
import { registerProjectKernels } from '../kernels/register';
import { type BackendName, BackendUnavailableError } from './types';
import { guardWasmAllocations } from './wasm-allocation-guard';

/** Makes a registered tfjs backend the active one, with project kernels in place, or says why not. */
export async function activate(name: BackendName): Promise<void> {
  if (!tf.findBackendFactory(name)) {
    throw new BackendUnavailableError(name, 'no tfjs backend of that name is registered');
  }
  registerProjectKernels(name);
  let ok = false;
  let failure: unknown;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    failure = error;
  }
  if (!ok) {
    const why = failure instanceof Error ? failure.message : 'its initialisation failed';
    throw new BackendUnavailableError(name, why);
  }
  await tf.ready();
  if (name === 'wasm') guardWasmAllocations(tf.backend());
  quietCpuBanner();
}

/**
 * tfjs-backend-cpu prints "install tfjs-node" on its first write in Node. @bcos picks backends on
 * purpose (and starts tfjs-node itself when present), so the advice only misleads.
 */
function quietCpuBanner(): void {
  if (!tf.findBackendFactory('cpu')) return;
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
}
