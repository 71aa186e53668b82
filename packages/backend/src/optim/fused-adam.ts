import * as tf from '@tensorflow/tfjs-core';
import { ADAM_ROW, ADAM_WORKGROUP, adamShader } from '../kernels/webgpu/adam-shader';

export interface AdamStepInputs {
  /** The variable's value (after decoupled weight decay, if any). */
  param: tf.Tensor;
  gradient: tf.Tensor;
  /** First and second moments before this step. */
  m: tf.Tensor;
  v: tf.Tensor;
  /** [lr / (1 − β₁ᵗ), √(1 − β₂ᵗ), …] on the device (computed on the host in double precision). */
  scalars: tf.Tensor1D;
}

export interface AdamConstants {
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** The WebGPUBackend members one hand-encoded dispatch needs (tfjs-backend-webgpu 4.22). */
interface DispatchingBackend {
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

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function adamPipeline(device: GPUDevice, { beta1, beta2, epsilon }: AdamConstants): GPUComputePipeline {
  const key = `${beta1}_${beta2}_${epsilon}`;
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, (cache = new Map()));
  let pipeline = cache.get(key);
  if (!pipeline) {
    const module = device.createShaderModule({ code: adamShader(beta1, beta2, epsilon) });
    pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
    cache.set(key, pipeline);
  }
  return pipeline;
}

function bufferOf(backend: DispatchingBackend, tensor: tf.TensorInfo): GPUBufferBinding {
  backend.uploadToGPU(tensor.dataId);
  const resource = backend.tensorMap.get(tensor.dataId)?.resource;
  if (!(resource instanceof GPUBuffer)) throw new Error('fusedAdamStep: a tensor is not in a GPU buffer');
  return { buffer: resource, size: Math.max(4, tf.util.sizeFromShape(tensor.shape) * 4) };
}

/** Encodes one dispatch into the backend's open compute pass, as its own programs are. */
function dispatch(
  backend: DispatchingBackend,
  pipeline: GPUComputePipeline,
  tensors: tf.TensorInfo[],
  workgroups: number,
): void {
  const bindGroup = backend.device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: tensors.map((t, binding) => ({ binding, resource: bufferOf(backend, t) })),
  });
  for (const t of tensors) backend.commandQueueOwnedIds.add(t.dataId);
  backend.ensureCommandEncoderReady();
  backend.computePassEncoder ??= backend.commandEncoder!.beginComputePass({});
  const pass = backend.computePassEncoder;
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(Math.min(workgroups, ADAM_ROW), Math.ceil(workgroups / ADAM_ROW), 1);
  backend.dispatchCountInPass++;
}

/**
 * One Adam update as one webgpu dispatch (new m, v and parameter in three new tensors) instead of
 * the thirteen kernels of the composed ops, with the same arithmetic; undefined on other backends
 * (compose the ops there).
 */
export function fusedAdamStep(
  inputs: AdamStepInputs,
  constants: AdamConstants,
): { m: tf.Tensor; v: tf.Tensor; param: tf.Tensor } | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  const backend = tf.backend() as unknown as DispatchingBackend;
  const { shape, size } = inputs.param;
  const outputs = [0, 1, 2].map(() => backend.makeTensorInfo([...shape], 'float32'));
  const { param, m, v, gradient, scalars } = inputs;
  const workgroups = Math.ceil(size / ADAM_WORKGROUP);
  if (size > 0)
    dispatch(
      backend,
      adamPipeline(backend.device, constants),
      [...outputs, param, m, v, gradient, scalars],
      workgroups,
    );
  const [newParam, newM, newV] = outputs.map((info) => tf.engine().makeTensorFromTensorInfo(info));
  return { m: newM!, v: newV!, param: newParam! };
}
