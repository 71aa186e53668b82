import * as tf from '@tensorflow/tfjs-core';
import { hostBytes, type WebGPUBackendInternals } from './webgpu-internals';

function byteSize(tensor: tf.Tensor): number {
  return Math.max(4, tensor.size * 4);
}

/**
 * Capture-owned buffers that stand in for a step's input tensors: every recording reads the inputs
 * from them, and each step first writes its own inputs into them.
 */
export class PinnedInputs {
  readonly buffers: GPUBuffer[];
  readonly tensors: tf.Tensor[];

  constructor(backend: WebGPUBackendInternals, like: tf.Tensor[]) {
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    this.buffers = like.map((t) => backend.device.createBuffer({ size: byteSize(t), usage }));
    this.tensors = like.map((t, i) =>
      tf.keep(
        backend.createTensorFromGPUData({ buffer: this.buffers[i]!, zeroCopy: true }, t.shape, t.dtype),
      ),
    );
  }

  /** Copies (GPU-resident) or writes (host-resident) each input into its pinned buffer. */
  write(backend: WebGPUBackendInternals, encoder: GPUCommandEncoder, inputs: tf.Tensor[]): void {
    inputs.forEach((input, i) => {
      const data = backend.tensorMap.get(input.dataId);
      const target = this.buffers[i]!;
      if (!data) throw new Error(`step capture: input ${i} has been disposed`);
      if (data.resource instanceof GPUBuffer)
        encoder.copyBufferToBuffer(data.resource, 0, target, 0, input.size * 4);
      else if (data.values) backend.queue.writeBuffer(target, 0, hostBytes(data.values, input.dtype));
      else throw new Error(`step capture: input ${i} has no values on the host or the device`);
    });
  }

  dispose(): void {
    tf.dispose(this.tensors);
    for (const buffer of this.buffers) buffer.destroy();
  }
}
