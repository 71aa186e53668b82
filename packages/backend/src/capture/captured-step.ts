import type * as tf from '@tensorflow/tfjs-core';
import { addBufferOwner, type BufferOwner, takeFromPool } from './buffer-ownership';
import type { PinnedInputs } from './pinned-inputs';
import type { Command, Recording } from './recording';
import { flushBackend, gpuBufferOf, type WebGPUBackendInternals } from './webgpu-internals';

/**
 * A variable the recorded step reads or assigns: the recording reads its value from `read` and
 * leaves the new one in `final`. Replays copy the variable's current buffer into `read` first and,
 * if the variable lives elsewhere now (an eager step or an assign moved it), `final` back into it.
 */
export interface StateBinding {
  variable: tf.Variable;
  read: GPUBuffer;
  final: GPUBuffer;
}

type ReplayCommand = Exclude<Command, { kind: 'upload' }>;

/**
 * Uploads whose target nothing else in the step writes (nor any variable uses): the capture owns
 * the target, so writing it once keeps it valid for every replay.
 */
function staticUploads(commands: Command[], state: StateBinding[]): Set<Command> {
  const writes = new Map<GPUBuffer, number>();
  const wrote = (buffer: GPUBuffer) => writes.set(buffer, (writes.get(buffer) ?? 0) + 1);
  for (const command of commands) wrote(command.kind === 'dispatch' ? command.output : command.target);
  for (const { read, final } of state) {
    wrote(read);
    wrote(final);
  }
  return new Set(commands.filter((c) => c.kind === 'upload' && writes.get(c.target) === 1));
}

/** All uploads' bytes in one buffer; each upload becomes a copy from it (static ones run once now). */
function constantsBuffer(
  device: GPUDevice,
  commands: Command[],
  once: Set<Command>,
): { buffer: GPUBuffer; plan: ReplayCommand[]; initial: ReplayCommand[] } {
  const uploads = commands.filter((c) => c.kind === 'upload');
  const size = uploads.reduce((sum, u) => sum + u.bytes.length, 0);
  const buffer = device.createBuffer({
    size: Math.max(4, size),
    usage: GPUBufferUsage.COPY_SRC,
    mappedAtCreation: true,
  });
  const bytes = new Uint8Array(buffer.getMappedRange());
  let offset = 0;
  const plan: ReplayCommand[] = [];
  const initial: ReplayCommand[] = [];
  for (const command of commands) {
    if (command.kind !== 'upload') {
      plan.push(command);
      continue;
    }
    bytes.set(command.bytes, offset);
    const copy = {
      kind: 'copy' as const,
      source: buffer,
      sourceOffset: offset,
      target: command.target,
      targetOffset: 0,
    };
    offset += command.bytes.length;
    (once.has(command) ? initial : plan).push({ ...copy, size: command.bytes.length });
  }
  buffer.unmap();
  return { buffer, plan, initial };
}

function encodeCommands(encoder: GPUCommandEncoder, commands: ReplayCommand[]): void {
  let pass: GPUComputePassEncoder | undefined;
  let pipeline: GPUComputePipeline | undefined;
  for (const command of commands) {
    if (command.kind === 'dispatch') {
      if (!pass) {
        pass = encoder.beginComputePass();
        pipeline = undefined;
      }
      if (command.pipeline !== pipeline) {
        pipeline = command.pipeline;
        pass.setPipeline(pipeline);
      }
      pass.setBindGroup(0, command.bindGroup);
      pass.dispatchWorkgroups(...command.workgroups);
    } else {
      pass?.end();
      pass = undefined;
      encoder.copyBufferToBuffer(
        command.source,
        command.sourceOffset,
        command.target,
        command.targetOffset,
        command.size,
      );
    }
  }
  pass?.end();
}

/** A recorded step ready to replay: one command buffer per step, nothing created. */
export class CapturedStep implements BufferOwner {
  readonly dispatches: number;
  readonly copies: number;
  readonly staticUploads: number;
  private readonly referenced: Set<GPUBuffer>;
  private readonly owned = new Set<GPUBuffer>();
  private readonly constants: GPUBuffer;
  private readonly plan: ReplayCommand[];
  private readonly removeOwner: () => void;

  constructor(
    private readonly backend: WebGPUBackendInternals,
    recording: Recording,
    private readonly state: StateBinding[],
    private readonly inputs: PinnedInputs,
  ) {
    const once = staticUploads(recording.commands, state);
    this.staticUploads = once.size;
    const { buffer, plan, initial } = constantsBuffer(backend.device, recording.commands, once);
    this.constants = buffer;
    this.plan = plan;
    const encoder = backend.device.createCommandEncoder();
    encodeCommands(encoder, initial);
    backend.queue.submit([encoder.finish()]);
    this.dispatches = plan.filter((c) => c.kind === 'dispatch').length;
    this.copies = plan.length - this.dispatches;
    this.referenced = new Set(recording.buffers);
    for (const { read, final } of state) this.referenced.add(read).add(final);
    for (const pinned of inputs.buffers) this.referenced.delete(pinned);
    this.removeOwner = addBufferOwner(backend.bufferManager, this);
    for (const buffer of this.referenced)
      if (takeFromPool(backend.bufferManager, buffer)) this.owned.add(buffer);
    for (const uniform of recording.uniforms) this.owned.add(uniform);
  }

  keeps(buffer: GPUBuffer): boolean {
    if (!this.referenced.has(buffer)) return false;
    this.owned.add(buffer);
    return true;
  }

  /** Whether every variable the step touches still exists (else the capture no longer applies). */
  valid(): boolean {
    return this.state.every(({ variable }) => !variable.isDisposed);
  }

  replay(inputs: tf.Tensor[]): void {
    const { backend } = this;
    const current = this.state.map(({ variable }) => gpuBufferOf(backend, variable.dataId));
    flushBackend(backend);
    const encoder = backend.device.createCommandEncoder();
    this.inputs.write(backend, encoder, inputs);
    this.state.forEach(({ read }, i) => {
      if (current[i] !== read) encoder.copyBufferToBuffer(current[i]!, 0, read, 0, read.size);
    });
    encodeCommands(encoder, this.plan);
    this.state.forEach(({ final }, i) => {
      if (current[i] !== final) encoder.copyBufferToBuffer(final, 0, current[i]!, 0, final.size);
    });
    backend.queue.submit([encoder.finish()]);
    // A read caches values on the host; the replay changed them in place on the device.
    for (const { variable } of this.state) {
      const data = backend.tensorMap.get(variable.dataId);
      if (data) data.values = null;
    }
  }

  dispose(): void {
    this.removeOwner();
    for (const buffer of this.owned) this.backend.bufferManager.releaseBuffer(buffer);
    this.owned.clear();
    this.constants.destroy();
  }
}
