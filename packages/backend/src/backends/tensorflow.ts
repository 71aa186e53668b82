import { activate } from './activate';
import { type BackendInfo, BackendUnavailableError, isModuleNotFound } from './types';

// Optional peers: a user who installed libtensorflow through tfjs-node gets it; we never depend on it.
const NODE_BINDINGS = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

export async function startTensorflow(): Promise<BackendInfo> {
  const reasons: string[] = [];
  for (const specifier of NODE_BINDINGS) {
    try {
      await import(specifier);
      await activate('tensorflow');
      return { name: 'tensorflow', description: `libtensorflow through ${specifier}`, software: false };
    } catch (error) {
      reasons.push(
        isModuleNotFound(error, specifier)
          ? `${specifier} is not installed`
          : `${specifier} failed: ${(error as Error).message}`,
      );
    }
  }
  throw new BackendUnavailableError('tensorflow', reasons.join('; '));
}
