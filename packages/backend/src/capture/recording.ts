import type * as tf from '@tensorflow/tfjs-core';
import { flushBackend, hostBytes, type WebGPUBackendInternals } from './webgpu-internals';

/** One GPU command of a recorded step, replayable as is. */
export type Command =
  | {
      kind: 'dispatch';
      pipeline: GPUComputePipeline;
      bindGroup: GPUBindGroup;
      workgroups: [number, number, number];
      /** The buffer at binding 0: tfjs programs write their output there and only there. */
      output: GPUBuffer;
    }
  | {
      kind: 'copy';
      source: GPUBuffer;
      sourceOffset: number;
      target: GPUBuffer;
      targetOffset: number;
      size: number;
    }
  /** Host values the step uploads (constants created inside it), replayed from a capture-owned buffer. */
  | { kind: 'upload'; target: GPUBuffer; bytes: Uint8Array };

export interface Recording {
  commands: Command[];
  /** Uniform buffers kept out of the backend's pool: the recorded bind groups read them. */
  uniforms: GPUBuffer[];
  /** Every buffer a command reads or writes. */
  buffers: Set<GPUBuffer>;
  /** How each recorded dispatch's bind group was made, to make it again over other buffers. */
  bindGroups: Map<GPUBindGroup, GPUBindGroupDescriptor>;
  /** Kernels, launch sizes, uniforms and uploaded constants; equal signatures replay alike. */
  signature: string;
  /** Why this step cannot be replayed without running its JavaScript, if it cannot. */
  unsupported?: string;
}

const objectIds = new WeakMap<object, number>();
let lastObjectId = 0;
function objectId(object: object): number {
  let id = objectIds.get(object);
  if (id === undefined) {
    id = ++lastObjectId;
    objectIds.set(object, id);
  }
  return id;
}

function fnv1a(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return `${hash.toString(16)}:${bytes.length}`;
}

/** Replaces `target[key]` until the returned function restores it. */
function override<T extends object, K extends keyof T>(
  target: T,
  key: K,
  make: (original: T[K]) => T[K],
): () => void {
  const own = Object.hasOwn(target, key);
  const previous = target[key];
  const original =
    typeof previous === 'function' ? (previous as (...a: unknown[]) => unknown).bind(target) : previous;
  target[key] = make(original as T[K]);
  return () => {
    if (own) target[key] = previous;
    else delete target[key];
  };
}

class Recorder {
  readonly recording: Recording = {
    commands: [],
    uniforms: [],
    buffers: new Set(),
    bindGroups: new Map(),
    signature: '',
  };
  private readonly signature: string[] = [];
  private readonly uniformHashes = new Map<GPUBuffer, string>();
  private readonly bindGroupBuffers = new Map<GPUBindGroup, GPUBuffer[]>();
  private readonly bindGroupOutputs = new Map<GPUBindGroup, GPUBuffer>();
  private readonly bindGroupDescriptors = new Map<GPUBindGroup, GPUBindGroupDescriptor>();
  private pipeline?: GPUComputePipeline;
  private bindGroup?: GPUBindGroup;
  private makingUniform = false;
  private uploading = 0;

  unsupported(reason: string): void {
    this.recording.unsupported ??= reason;
  }

  uniformWritten(buffer: GPUBuffer, bytes: Uint8Array): void {
    if (this.makingUniform) this.uniformHashes.set(buffer, fnv1a(bytes));
    else this.unsupported('the step writes a buffer with queue.writeBuffer');
  }

  uniformMade(buffer: GPUBuffer): void {
    this.recording.uniforms.push(buffer);
  }

  beginUniform(on: boolean): void {
    this.makingUniform = on;
  }

  bindGroupCreated(group: GPUBindGroup, descriptor: GPUBindGroupDescriptor): void {
    const buffers: GPUBuffer[] = [];
    for (const entry of descriptor.entries) {
      const resource = entry.resource as GPUBufferBinding;
      if (!(resource && resource.buffer instanceof GPUBuffer))
        this.unsupported('a kernel binds a texture or sampler');
      else {
        buffers.push(resource.buffer);
        if (entry.binding === 0) this.bindGroupOutputs.set(group, resource.buffer);
      }
    }
    this.bindGroupBuffers.set(group, buffers);
    this.bindGroupDescriptors.set(group, descriptor);
  }

  setPipeline(pipeline: GPUComputePipeline): void {
    this.pipeline = pipeline;
  }

  setBindGroup(index: number, group: GPUBindGroup | null, offsets: unknown): void {
    if (index !== 0 || !group || (offsets && (offsets as ArrayLike<number>).length))
      this.unsupported('a kernel uses bind groups other than one static group 0');
    else this.bindGroup = group;
  }

  dispatch(x: number, y = 1, z = 1): void {
    const { pipeline, bindGroup } = this;
    const buffers = bindGroup && this.bindGroupBuffers.get(bindGroup);
    const output = bindGroup && this.bindGroupOutputs.get(bindGroup);
    if (!pipeline || !bindGroup || !buffers || !output) {
      this.unsupported('a dispatch whose pipeline or bind group was made before recording began');
      return;
    }
    this.recording.commands.push({ kind: 'dispatch', pipeline, bindGroup, workgroups: [x, y, z], output });
    this.recording.bindGroups.set(bindGroup, this.bindGroupDescriptors.get(bindGroup)!);
    for (const buffer of buffers) this.recording.buffers.add(buffer);
    const uniforms = buffers.map((b) => this.uniformHashes.get(b)).filter(Boolean);
    this.signature.push(`d${objectId(pipeline)}|${x},${y},${z}|${uniforms.join(',')}`);
  }

  copy(source: GPUBuffer, sourceOffset: number, target: GPUBuffer, targetOffset: number, size: number): void {
    if (this.uploading) return; // the staging copy of an upload; recorded as the upload itself
    this.recording.commands.push({ kind: 'copy', source, sourceOffset, target, targetOffset, size });
    this.recording.buffers.add(source).add(target);
    this.signature.push(`c${sourceOffset},${targetOffset},${size}`);
  }

  upload(target: GPUBuffer, bytes: Uint8Array): void {
    this.recording.commands.push({ kind: 'upload', target, bytes });
    this.recording.buffers.add(target);
    this.signature.push(`u${fnv1a(bytes)}`);
  }

  enterUpload(delta: 1 | -1): void {
    this.uploading += delta;
  }

  finish(): Recording {
    this.recording.signature = this.signature.join('\n');
    return this.recording;
  }
}

function recordingPass(pass: GPUComputePassEncoder, recorder: Recorder): GPUComputePassEncoder {
  return new Proxy(pass, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      const real = (value as (...a: unknown[]) => unknown).bind(target);
      if (key === 'setPipeline')
        return (p: GPUComputePipeline) => {
          recorder.setPipeline(p);
          real(p);
        };
      if (key === 'setBindGroup')
        return (i: number, g: GPUBindGroup, ...rest: unknown[]) => {
          recorder.setBindGroup(i, g, rest[0]);
          real(i, g, ...rest);
        };
      if (key === 'dispatchWorkgroups')
        return (x: number, y?: number, z?: number) => {
          recorder.dispatch(x, y, z);
          real(x, y, z);
        };
      if (key !== 'end') recorder.unsupported(`a compute pass calls ${String(key)}`);
      return real;
    },
  });
}

function recordingEncoder(encoder: GPUCommandEncoder, recorder: Recorder): GPUCommandEncoder {
  return new Proxy(encoder, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      const real = (value as (...a: unknown[]) => unknown).bind(target);
      if (key === 'beginComputePass')
        return (descriptor?: GPUComputePassDescriptor) => {
          if (descriptor?.timestampWrites) recorder.unsupported('the step is profiled (timestamp queries)');
          return recordingPass(real(descriptor) as GPUComputePassEncoder, recorder);
        };
      if (key === 'copyBufferToBuffer')
        return (s: GPUBuffer, so: number, t: GPUBuffer, to: number, size: number) => {
          real(s, so, t, to, size);
          recorder.copy(s, so, t, to, size);
        };
      if (key !== 'finish') recorder.unsupported(`the step encodes ${String(key)}`);
      return real;
    },
  });
}

function installHooks(backend: WebGPUBackendInternals, recorder: Recorder): Array<() => void> {
  const { device, queue } = backend;
  return [
    override(
      device,
      'createCommandEncoder',
      (create) => (d?: GPUCommandEncoderDescriptor) => recordingEncoder(create(d), recorder),
    ),
    override(device, 'createBindGroup', (create) => (descriptor: GPUBindGroupDescriptor) => {
      const group = create(descriptor);
      recorder.bindGroupCreated(group, descriptor);
      return group;
    }),
    override(
      queue,
      'writeBuffer',
      (write) =>
        (buffer: GPUBuffer, offset: number, data: BufferSource, ...rest: number[]) => {
          const view = ArrayBuffer.isView(data) ? data : new Uint8Array(data);
          recorder.uniformWritten(
            buffer,
            new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice(),
          );
          return write(buffer, offset, data, ...rest);
        },
    ),
    override(backend, 'makeUniforms', (make) => (uniforms: unknown) => {
      recorder.beginUniform(true);
      const binding = make(uniforms);
      recorder.beginUniform(false);
      // Out of the backend's pending list, the buffer never returns to the pool: the recording owns it.
      const pending = backend.uniformPendingDisposal;
      if (pending[pending.length - 1] === binding.buffer) pending.pop();
      recorder.uniformMade(binding.buffer);
      return binding;
    }),
    override(backend, 'uploadToGPU', (upload) => (dataId: tf.DataId) => {
      const data = backend.tensorMap.get(dataId);
      const values = data && !data.resource && data.values ? hostBytes(data.values, data.dtype) : undefined;
      recorder.enterUpload(1);
      try {
        upload(dataId);
      } finally {
        recorder.enterUpload(-1);
      }
      if (values && data?.resource instanceof GPUBuffer) recorder.upload(data.resource, values);
    }),
    override(backend, 'readSync', (read) => (dataId: tf.DataId) => {
      if (!backend.tensorMap.get(dataId)?.values)
        recorder.unsupported('the step reads device values on the host');
      return read(dataId);
    }),
    override(backend, 'getBufferData', (read) => (buffer: GPUBuffer) => {
      recorder.unsupported('the step reads device values on the host');
      return read(buffer);
    }),
  ];
}

let recordingInProgress = false;

/**
 * Runs `step` eagerly on the webgpu backend while recording every GPU command it encodes, in order:
 * dispatches (with their pipeline and bind group), buffer copies, and uploads of host values.
 */
export function recordStep(backend: WebGPUBackendInternals, step: () => void): Recording {
  if (recordingInProgress) throw new Error('step capture: a captured step cannot run inside another one');
  flushBackend(backend);
  recordingInProgress = true;
  const recorder = new Recorder();
  const restores = installHooks(backend, recorder);
  try {
    step();
    flushBackend(backend);
  } finally {
    for (const restore of restores.reverse()) restore();
    recordingInProgress = false;
  }
  return recorder.finish();
}
