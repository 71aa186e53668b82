import * as tf from '@tensorflow/tfjs-core';

/** One entry of the webgpu backend's tensor map. */
export interface GpuTensorData {
  resource?: GPUBuffer | null;
  values?: ArrayLike<number> | null;
  dtype: tf.DataType;
  shape: number[];
  refCount: number;
}

export interface GpuBufferManager {
  freeBuffers: Map<string, GPUBuffer[]>;
  usedBuffers: Map<string, GPUBuffer[]>;
  numFreeBuffers: number;
  numUsedBuffers: number;
  numBytesUsed: number;
  releaseBuffer(buffer: GPUBuffer, reuse?: boolean): void;
}

/**
 * The members of tfjs-backend-webgpu's `WebGPUBackend` (4.22) that step capture hooks or reads.
 * They are not public API; `webgpuInternals` checks that they exist so that a tfjs upgrade that
 * moves them fails with a clear message instead of recording nothing.
 */
export interface WebGPUBackendInternals {
  device: GPUDevice;
  queue: GPUQueue;
  commandEncoder: GPUCommandEncoder | null;
  tensorMap: { get(dataId: tf.DataId): GpuTensorData | undefined };
  bufferManager: GpuBufferManager;
  uniformPendingDisposal: GPUBuffer[];
  makeUniforms(uniforms: unknown): GPUBufferBinding;
  uploadToGPU(dataId: tf.DataId): void;
  readSync(dataId: tf.DataId): unknown;
  getBufferData(buffer: GPUBuffer): Promise<ArrayBuffer>;
  endComputePassEncoder(): void;
  submitQueue(): void;
  createTensorFromGPUData(
    data: { buffer: GPUBuffer; zeroCopy?: boolean },
    shape: number[],
    dtype: tf.DataType,
  ): tf.Tensor;
}

const REQUIRED_MEMBERS = [
  'device',
  'queue',
  'tensorMap',
  'bufferManager',
  'uniformPendingDisposal',
  'makeUniforms',
  'uploadToGPU',
  'readSync',
  'getBufferData',
  'endComputePassEncoder',
  'submitQueue',
  'createTensorFromGPUData',
] as const;

/** The active backend's internals when it is webgpu, otherwise undefined. */
export function webgpuInternals(): WebGPUBackendInternals | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  const backend = tf.backend() as unknown as Record<string, unknown>;
  const missing = REQUIRED_MEMBERS.filter((name) => backend[name] === undefined);
  if (missing.length)
    throw new Error(
      `step capture: this tfjs-backend-webgpu lacks ${missing.join(', ')} (written against 4.22); capture cannot record`,
    );
  return backend as unknown as WebGPUBackendInternals;
}

/** Submits whatever the backend has encoded but not yet submitted. */
export function flushBackend(backend: WebGPUBackendInternals): void {
  backend.endComputePassEncoder();
  if (backend.commandEncoder) backend.submitQueue();
}

/** The GPU buffer holding a tensor's values, uploading them first if they are still on the host. */
export function gpuBufferOf(backend: WebGPUBackendInternals, dataId: tf.DataId): GPUBuffer {
  const data = backend.tensorMap.get(dataId);
  if (!data) throw new Error('step capture: a tensor the step uses has been disposed');
  if (!data.resource) backend.uploadToGPU(dataId);
  if (!(data.resource instanceof GPUBuffer))
    throw new Error('step capture: a tensor the step uses lives in a texture; only buffers can be captured');
  return data.resource;
}

/** Host values as the bytes tfjs uploads: int32 for int32/bool, float32 otherwise. */
export function hostBytes(values: ArrayLike<number>, dtype: tf.DataType): Uint8Array<ArrayBuffer> {
  const asInt = dtype === 'int32' || dtype === 'bool';
  const typed =
    asInt && values instanceof Int32Array
      ? values
      : !asInt && values instanceof Float32Array
        ? values
        : asInt
          ? Int32Array.from(values)
          : Float32Array.from(values);
  return new Uint8Array(typed.buffer as ArrayBuffer, typed.byteOffset, typed.byteLength);
}
