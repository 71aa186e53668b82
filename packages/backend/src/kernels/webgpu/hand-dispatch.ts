import * as tf from '@tensorflow/tfjs-core';

/**
 * The WebGPUBackend members (tfjs-backend-webgpu 4.22) a kernel needs that encodes its own pipeline
 * (several writable bindings, or more inputs than tfjs programs declare) into tfjs' compute pass.
 */
export interface DispatchingBackend {
  device: GPUDevice;
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  dispatchCountInPass: number;
  commandQueueOwnedIds: WeakSet<object>;
  tensorMap: { get(dataId: object): { resource?: unknown } | undefined };
  ensureCommandEncoderReady(): void;
  uploadToGPU(dataId: object): void;
  makeTensorInfo(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

/** The active backend when it is webgpu. */
export function dispatchingBackend(): DispatchingBackend | undefined {
  return tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as DispatchingBackend) : undefined;
}

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/** A compute pipeline for `code` (entry point `main`), made once per device and key. */
export function cachedPipeline(device: GPUDevice, key: string, code: () => string): GPUComputePipeline {
  let cache = pipelines.get(device);
  if (!cache) {
    cache = new Map();
    pipelines.set(device, cache);
  }
  let pipeline = cache.get(key);
  if (!pipeline) {
    const module = device.createShaderModule({ code: code() });
    pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    cache.set(key, pipeline);
  }
  return pipeline;
}

function bindingOf(backend: DispatchingBackend, tensor: tf.TensorInfo): GPUBufferBinding {
  backend.uploadToGPU(tensor.dataId);
  const resource = backend.tensorMap.get(tensor.dataId)?.resource;
  if (!(resource instanceof GPUBuffer)) throw new Error('webgpu kernel: a tensor is not in a GPU buffer');
  return { buffer: resource, size: Math.max(4, tf.util.sizeFromShape(tensor.shape) * 4) };
}

/**
 * Encodes one dispatch into the backend's open compute pass, as its own programs are: `tensors`
 * bound in order from binding 0 (outputs first; tfjs programs and step capture take binding 0 as
 * the output), kept alive until the commands are submitted.
 */
export function dispatch(
  backend: DispatchingBackend,
  pipeline: GPUComputePipeline,
  tensors: tf.TensorInfo[],
  workgroups: [number, number, number],
): void {
  const bindGroup = backend.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: tensors.map((t, binding) => ({ binding, resource: bindingOf(backend, t) })),
  });
  for (const t of tensors) backend.commandQueueOwnedIds.add(t.dataId);
  backend.ensureCommandEncoderReady();
  backend.computePassEncoder ??= backend.commandEncoder!.beginComputePass({});
  const pass = backend.computePassEncoder;
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(...workgroups);
  backend.dispatchCountInPass++;
}
