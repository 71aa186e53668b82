import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { HeapParallelFor, heapParallelFor } from '../wasm/parallel-for';
import { wasmHeap } from '../wasm/wasm-heap';
import { type PassSpace, scratchLength } from './batch-norm-passes';

/** [rows, channels] of an NHWC tensor. */
function matrixOf(x: TensorInfo): { rows: number; channels: number } {
  const channels = x.shape[3]!;
  return { rows: x.shape.slice(0, 3).reduce((a, b) => a * b, 1), channels };
}

/**
 * The passes over the wasm heap, split over the backend's threads: x and dy are the input tensors,
 * out a new tensor of x's shape; `use` runs while the scratch exists.
 */
export function onWasmHeap<T>(
  backend: unknown,
  x: TensorInfo,
  dy: TensorInfo | undefined,
  use: (space: PassSpace) => T,
): { out: TensorInfo; result: T } {
  const heap = wasmHeap(backend);
  const { rows, channels } = matrixOf(x);
  const out = heap.allocate([...x.shape], 'float32');
  // Two float32 slots per float64, and one more for 8-byte alignment.
  const scratch = heap.allocate([2 * scratchLength(rows, channels) + 1], 'float32');
  const scratchView = heap.view(scratch);
  const pool = heapParallelFor(backend);
  const buffer = scratchView.buffer;
  const space: PassSpace = {
    buffer,
    rows,
    channels,
    x: heap.view(x).byteOffset,
    dy: heap.view(dy ?? x).byteOffset,
    out: heap.view(out).byteOffset,
    scratch: scratchView.byteOffset + (scratchView.byteOffset % 8),
    run: (loop, args, total, minPart) => pool.run(loop, buffer, args, total, minPart),
  };
  try {
    return { out, result: use(space) };
  } finally {
    (backend as KernelBackend).disposeData(scratch.dataId);
  }
}

const ONE_THREAD = new HeapParallelFor(undefined, 1, undefined);

/**
 * The same passes on the cpu backend, on one thread, over a buffer the values are copied into; `use`
 * runs on it, then out's values are copied out.
 */
export function onHostBuffer<T>(
  x: Float32Array,
  dy: Float32Array | undefined,
  shape: readonly number[],
  use: (space: PassSpace) => T,
): { out: Float32Array; result: T } {
  const channels = shape[3]!;
  const rows = x.length / channels;
  const bytes = 4 * x.length;
  const scratch = 8 * Math.ceil((3 * bytes) / 8);
  const buffer = new ArrayBuffer(scratch + 8 * scratchLength(rows, channels));
  new Float32Array(buffer, 0, x.length).set(x);
  if (dy) new Float32Array(buffer, bytes, x.length).set(dy);
  const space: PassSpace = {
    buffer,
    rows,
    channels,
    x: 0,
    dy: dy ? bytes : 0,
    out: 2 * bytes,
    scratch,
    run: (loop, args, total, minPart) => ONE_THREAD.run(loop, buffer, args, total, minPart),
  };
  const result = use(space);
  return { out: new Float32Array(buffer, 2 * bytes, x.length).slice(), result };
}
