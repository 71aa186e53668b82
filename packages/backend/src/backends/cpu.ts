import { activate } from './activate';
import type { BackendInfo } from './types';

export async function startCpu(): Promise<BackendInfo> {
  await import('@tensorflow/tfjs-backend-cpu');
  await activate('cpu');
  return { name: 'cpu', description: 'pure JavaScript, one thread', software: false, threads: 1 };
}
