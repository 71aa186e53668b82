import type * as tf from '@tensorflow/tfjs-core';
import { addBufferOwner, type BufferOwner, takeFromPool } from './buffer-ownership';
import type { PinnedInputs } from './pinned-inputs';
import type { Command, Recording } from './recording';
import { flushBackend, gpuBufferOf, type WebGPUBackendInternals } from './webgpu-internals';

/**
 * A variable the recorded step reads or assigns: the recording reads its value from `read` and
 * leaves the new one in `final`. Replays alternate between the recorded plan and its mirror (the
 * same dispatches with `read` and `final` exchanged), so the variable just moves between its two
 * buffers; only when it lives elsewhere (an eager step or an assign moved it) is it copied in and out.
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

/**
 * For each variable the step moves to a new buffer, read ↔ final; undefined when the pairs overlap
 * (then the recording cannot be mirrored and replays copy instead).
 */
function pingPongPairs(state: StateBinding[]): Map<GPUBuffer, GPUBuffer> | undefined {
  const pairs = new Map<GPUBuffer, GPUBuffer>();
  for (const { read, final } of state) {
    if (read === final) continue;
    if (pairs.has(read) || pairs.has(final)) return undefined;
    pairs.set(read, final).set(final, read);
  }
  return state.some(({ read, final }) => read === final && pairs.has(read)) ? undefined : pairs;
}

/**
 * The plan over renamed buffers: a consistent renaming of a step is the same step, so with each
 * variable's two buffers exchanged it reads what the plan left and writes where the plan read.
 * Bind groups that touch a renamed buffer are made again, once.
 */
function mirroredPlan(
  device: GPUDevice,
  plan: ReplayCommand[],
  pairs: Map<GPUBuffer, GPUBuffer>,
  descriptors: Map<GPUBindGroup, GPUBindGroupDescriptor>,
): ReplayCommand[] {
  const rename = (buffer: GPUBuffer) => pairs.get(buffer) ?? buffer;
  const groups = new Map<GPUBindGroup, GPUBindGroup>();
  const mirrorGroup = (group: GPUBindGroup): GPUBindGroup => {
    const descriptor = descriptors.get(group)!;
    const original = Array.from(descriptor.entries);
    const entries = original.map((entry) => {
      const binding = entry.resource as GPUBufferBinding;
      return { ...entry, resource: { ...binding, buffer: rename(binding.buffer) } };
    });
    const touched = original.some((e) => pairs.has((e.resource as GPUBufferBinding).buffer));
    return touched ? device.createBindGroup({ ...descriptor, entries }) : group;
  };
  return plan.map((command) => {
    if (command.kind === 'copy')
      return { ...command, source: rename(command.source), target: rename(command.target) };
    let group = groups.get(command.bindGroup);
    if (!group) {
      group = mirrorGroup(command.bindGroup);
      groups.set(command.bindGroup, group);
    }
    return { ...command, bindGroup: group, output: rename(command.output) };
  });
}

/** A recorded step ready to replay: one command buffer per step, nothing created. */
export class CapturedStep implements BufferOwner {
  readonly dispatches: number;
  readonly staticUploads: number;
  /** Buffer copies of the last replay (of the plan, and of variables copied in or out). */
  copies: number;
  /** Copies of variables into or out of the recorded buffers in the last replay (0 while they ping-pong). */
  variableCopies = 0;
  private readonly referenced: Set<GPUBuffer>;
  private readonly owned = new Set<GPUBuffer>();
  private readonly constants: GPUBuffer;
  private readonly plan: ReplayCommand[];
  /** The plan with read and final exchanged; undefined when it cannot be mirrored. */
  private readonly mirror?: ReplayCommand[];
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
    const pairs = pingPongPairs(state);
    if (pairs) this.mirror = mirroredPlan(backend.device, plan, pairs, recording.bindGroups);
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
    const { backend, state } = this;
    const current = state.map(({ variable }) => gpuBufferOf(backend, variable.dataId));
    // Where the last replay left the variables, the mirror reads them.
    const mirrored =
      this.mirror !== undefined && state.some(({ read, final }, i) => read !== final && current[i] === final);
    const plan = mirrored ? this.mirror! : this.plan;
    const reads = state.map(({ read, final }) => (mirrored ? final : read));
    const writes = state.map(({ read, final }) => (mirrored ? read : final));
    let copies = 0;
    flushBackend(backend);
    const encoder = backend.device.createCommandEncoder();
    this.inputs.write(backend, encoder, inputs);
    state.forEach((_, i) => {
      if (current[i] === reads[i]) return;
      encoder.copyBufferToBuffer(current[i]!, 0, reads[i]!, 0, reads[i]!.size);
      copies++;
    });
    encodeCommands(encoder, plan);
    state.forEach(({ variable }, i) => {
      if (current[i] === writes[i]) return;
      if (this.mirror && current[i] === reads[i]) {
        backend.tensorMap.get(variable.dataId)!.resource = writes[i]!;
        return;
      }
      encoder.copyBufferToBuffer(writes[i]!, 0, current[i]!, 0, writes[i]!.size);
      copies++;
    });
    backend.queue.submit([encoder.finish()]);
    this.variableCopies = copies;
    this.copies = plan.length - this.dispatches + copies;
    // A read caches values on the host; the replay changed them on the device.
    for (const { variable } of state) {
      const data = backend.tensorMap.get(variable.dataId);
      if (data) data.values = null;
    }
  }

  dispose(): void {
    this.removeOwner();
    // Ping-pong moved variables between their two buffers: each live variable keeps the one it holds
    // now (tfjs releases it with the variable); the other one is the capture's to give back.
    const held = new Set(
      this.state
        .filter(({ variable }) => !variable.isDisposed)
        .map(({ variable }) => this.backend.tensorMap.get(variable.dataId)?.resource),
    );
    for (const { read, final } of this.state)
      for (const buffer of [read, final]) if (!held.has(buffer)) this.owned.add(buffer);
    for (const buffer of held) this.owned.delete(buffer as GPUBuffer);
    for (const buffer of this.owned) this.backend.bufferManager.releaseBuffer(buffer);
    this.owned.clear();
    this.constants.destroy();
  }
}
