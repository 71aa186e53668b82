import type { GpuBufferManager } from './webgpu-internals';

/** Something that keeps some GPU buffers out of the backend's pool when tfjs releases them. */
export interface BufferOwner {
  /** Takes `buffer` (and returns true) if it must not be reused by other tensors. */
  keeps(buffer: GPUBuffer): boolean;
}

const ownersByManager = new WeakMap<GpuBufferManager, Set<BufferOwner>>();

/**
 * Routes the buffer manager's releases through `owner` until the returned function is called. The
 * hook is installed once per manager, so owners come and go in any order.
 */
export function addBufferOwner(manager: GpuBufferManager, owner: BufferOwner): () => void {
  let owners = ownersByManager.get(manager);
  if (!owners) {
    const found = new Set<BufferOwner>();
    const release = manager.releaseBuffer.bind(manager);
    manager.releaseBuffer = (buffer: GPUBuffer, reuse = true) => {
      for (const candidate of found) if (candidate.keeps(buffer)) return;
      release(buffer, reuse);
    };
    ownersByManager.set(manager, found);
    owners = found;
  }
  owners.add(owner);
  return () => owners.delete(owner);
}

function poolKey(buffer: GPUBuffer): string {
  return `${buffer.size}_${buffer.usage}`;
}

/** Moves `buffer` from the manager's free list to its used list; false if it was not free. */
export function takeFromPool(manager: GpuBufferManager, buffer: GPUBuffer): boolean {
  const free = manager.freeBuffers.get(poolKey(buffer));
  const index = free?.indexOf(buffer) ?? -1;
  if (!free || index < 0) return false;
  free.splice(index, 1);
  manager.numFreeBuffers--;
  const used = manager.usedBuffers.get(poolKey(buffer)) ?? [];
  used.push(buffer);
  manager.usedBuffers.set(poolKey(buffer), used);
  manager.numUsedBuffers++;
  manager.numBytesUsed += buffer.size;
  return true;
}
