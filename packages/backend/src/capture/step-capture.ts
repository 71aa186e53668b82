import * as tf from '@tensorflow/tfjs-core';
import { CapturedStep, type StateBinding } from './captured-step';
import { PinnedInputs } from './pinned-inputs';
import { type Recording, recordStep } from './recording';
import { flushBackend, gpuBufferOf, type WebGPUBackendInternals, webgpuInternals } from './webgpu-internals';

/**
 * A training step: reads its inputs, updates variables (weights, optimiser slots, device metrics),
 * returns nothing. Every value that changes from step to step must come in as an input tensor;
 * host numbers used inside are constants of the capture (checked: two recorded steps must agree).
 */
export type StepFunction = (inputs: tf.Tensor[]) => void;

/** How a step ran: eagerly, eagerly while recording, or as a replay of the recording. */
export type StepMode = 'eager' | 'recorded' | 'replayed';

export interface CaptureStats {
  recordings: number;
  replays: number;
  /** Compute dispatches and buffer copies in one replayed step (the last; 0 before the capture exists). */
  dispatches: number;
  copies: number;
  /**
   * Of those copies, the ones of variables into or out of the capture's buffers: 0 while variables
   * ping-pong between their two recorded buffers, one per variable after an eager step moved them.
   */
  variableCopies: number;
  /** Host constants written once when the capture was made, instead of copied every step. */
  staticUploads: number;
  /** Host milliseconds of all replays, from the start of `run` to the submit returning (no GPU wait). */
  replayHostMs: number;
  /** Why steps run eagerly, once capture has been given up. */
  reason?: string;
}

export interface CaptureOptions {
  /** Steps recorded before giving up when no two consecutive recordings agree (default 5). */
  maxRecordings?: number;
}

function shapeKey(inputs: tf.Tensor[]): string {
  return inputs.map((t) => `${t.dtype}[${t.shape}]`).join(',');
}

interface VariableSnapshot {
  variables: tf.Variable[];
  buffers: GPUBuffer[];
  holds: tf.Tensor[];
}

/** Every variable's buffer before the step, kept alive (so not reused inside the step) by a clone. */
function snapshotVariables(backend: WebGPUBackendInternals): VariableSnapshot {
  const variables = Object.values(tf.engine().registeredVariables);
  const buffers = variables.map((v) => gpuBufferOf(backend, v.dataId));
  return { variables, buffers, holds: variables.map((v) => tf.clone(v)) };
}

function stateOf(
  backend: WebGPUBackendInternals,
  snapshot: VariableSnapshot,
  recording: Recording,
): StateBinding[] | string {
  const state: StateBinding[] = [];
  for (const [i, variable] of snapshot.variables.entries()) {
    const read = snapshot.buffers[i]!;
    const data = backend.tensorMap.get(variable.dataId);
    if (!(data?.resource instanceof GPUBuffer))
      return `the step assigns host values to variable ${variable.name}`;
    const final = data.resource;
    if (read !== final || recording.buffers.has(read) || recording.buffers.has(final))
      state.push({ variable, read, final });
  }
  return state;
}

/**
 * The CUDA-graph idea for tfjs-webgpu: a step runs eagerly while its GPU commands are recorded;
 * once two consecutive recordings agree (same kernels, launch sizes, uniforms and constants), later
 * steps with the same input shapes only write their inputs and submit the recorded dispatches in
 * one command buffer, with every buffer, bind group and pipeline made once. Other shapes, other
 * backends, and steps the recorder cannot replay (host reads, textures, new tensors kept) run eagerly.
 */
export class StepCapture {
  private key?: string;
  private pinned?: PinnedInputs;
  private candidate?: Recording;
  private captured?: CapturedStep;
  private recordings = 0;
  private replays = 0;
  private replayHostMs = 0;
  private reason?: string;
  private readonly maxRecordings: number;

  constructor(
    private readonly step: StepFunction,
    options: CaptureOptions = {},
  ) {
    this.maxRecordings = options.maxRecordings ?? 5;
    if (!(Number.isInteger(this.maxRecordings) && this.maxRecordings >= 2))
      throw new Error(`captureStep: maxRecordings must be an integer ≥ 2, got ${options.maxRecordings}`);
  }

  get stats(): CaptureStats {
    return {
      recordings: this.recordings,
      replays: this.replays,
      dispatches: this.captured?.dispatches ?? 0,
      copies: this.captured?.copies ?? 0,
      variableCopies: this.captured?.variableCopies ?? 0,
      staticUploads: this.captured?.staticUploads ?? 0,
      replayHostMs: this.replayHostMs,
      ...(this.reason ? { reason: this.reason } : {}),
    };
  }

  run(inputs: tf.Tensor[]): StepMode {
    const started = performance.now();
    const backend = webgpuInternals();
    const key = shapeKey(inputs);
    if (!backend || this.reason || (this.key !== undefined && key !== this.key)) {
      this.step(inputs);
      return 'eager';
    }
    this.key = key;
    if (this.captured && !this.captured.valid())
      this.giveUp('a variable the captured step updates was disposed');
    else if (this.captured) {
      this.captured.replay(inputs);
      this.replays++;
      this.replayHostMs += performance.now() - started;
      return 'replayed';
    }
    if (this.reason) {
      this.step(inputs);
      return 'eager';
    }
    this.record(backend, inputs);
    return 'recorded';
  }

  private record(backend: WebGPUBackendInternals, inputs: tf.Tensor[]): void {
    this.pinned ??= new PinnedInputs(backend, inputs);
    const pinned = this.pinned;
    flushBackend(backend);
    const encoder = backend.device.createCommandEncoder();
    pinned.write(backend, encoder, inputs);
    backend.queue.submit([encoder.finish()]);
    const snapshot = snapshotVariables(backend);
    const tensorsBefore = tf.memory().numTensors;
    const recording = recordStep(backend, () => this.step(pinned.tensors));
    this.recordings++;
    const kept = tf.memory().numTensors - tensorsBefore;
    const state = stateOf(backend, snapshot, recording);
    const replayable = !recording.unsupported && kept === 0 && typeof state !== 'string';
    if (replayable && this.candidate?.signature === recording.signature) {
      this.captured = new CapturedStep(backend, recording, state, pinned);
      this.dropCandidate(backend);
    } else {
      this.dropCandidate(backend);
      if (replayable) this.candidate = recording;
      else this.releaseUniforms(backend, recording);
      const reason = recording.unsupported ?? (typeof state === 'string' ? state : undefined);
      if (reason) this.giveUp(reason);
      else if (this.recordings >= this.maxRecordings)
        this.giveUp(
          `no two of ${this.recordings} recorded steps ran the same kernels with the same constants`,
        );
    }
    tf.dispose(snapshot.holds);
  }

  private releaseUniforms(backend: WebGPUBackendInternals, recording: Recording): void {
    for (const uniform of recording.uniforms) backend.bufferManager.releaseBuffer(uniform);
  }

  private dropCandidate(backend: WebGPUBackendInternals): void {
    if (this.candidate) this.releaseUniforms(backend, this.candidate);
    this.candidate = undefined;
  }

  private giveUp(reason: string): void {
    this.reason = reason;
    this.captured?.dispose();
    this.captured = undefined;
  }

  dispose(): void {
    const backend = webgpuInternals();
    if (backend) this.dropCandidate(backend);
    this.captured?.dispose();
    this.captured = undefined;
    this.pinned?.dispose();
    this.pinned = undefined;
  }
}

/** Wraps a training step so that, on webgpu, it is recorded once per input shape and replayed. */
export function captureStep(step: StepFunction, options?: CaptureOptions): StepCapture {
  return new StepCapture(step, options);
}
