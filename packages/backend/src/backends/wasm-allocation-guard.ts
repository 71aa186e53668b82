import * as tf from '@tensorflow/tfjs-core';

interface WasmModule {
  _malloc(bytes: number): number;
  asm: { malloc(bytes: number): number };
}

const guarded = new WeakSet<object>();

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

/**
 * tfjs-backend-wasm allocates every tensor with the module's malloc and never checks the result:
 * when the heap (at most 4 GiB) is full, malloc returns 0 and the tensor is written over the start
 * of the heap — other tensors' values change silently until something aborts. This makes such an
 * allocation throw instead, with what it asked for, before anything is written.
 */
export function guardWasmAllocations(backend: unknown): void {
  const wasm = (backend as { wasm?: WasmModule }).wasm;
  if (!wasm?.asm?.malloc || guarded.has(wasm)) return;
  // The module's own _malloc replaces itself with asm.malloc on first use: wrap asm.malloc.
  const malloc = wasm.asm.malloc;
  wasm._malloc = (bytes: number) => {
    const at = malloc(bytes);
    if (at === 0 && bytes > 0) {
      throw new Error(
        `wasm backend: out of memory: a tensor of ${gib(bytes)} does not fit in the wasm heap ` +
          `(at most 4 GiB; tensors hold ${gib(tf.memory().numBytes)}): dispose tensors no longer ` +
          'needed, or use smaller batches',
      );
    }
    return at;
  };
  guarded.add(wasm);
}
