import * as tf from '@tensorflow/tfjs-core';
import { ADAM_STEP } from '../kernels/wasm/AdamStep';
import { adamMomentProgram, adamParamProgram } from '../kernels/webgpu/adam-programs';
import type { ShaderProgram, WebGPUBackendLike } from '../kernels/webgpu/shader-program';

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

function run(backend: WebGPUBackendLike, program: ShaderProgram, inputs: tf.Tensor[]): tf.Tensor {
  return tf.engine().makeTensorFromTensorInfo(backend.runWebGPUProgram(program, inputs, 'float32'));
}

/**
 * One Adam update in three webgpu kernels (new m, new v, new parameter), or one wasm kernel (bitwise
 * the composed ops, split over wasm's threads), instead of the thirteen of the composed ops, with the
 * same arithmetic; undefined on other backends (compose the ops there).
 */
export function fusedAdamStep(
  inputs: AdamStepInputs,
  constants: AdamConstants,
): { m: tf.Tensor; v: tf.Tensor; param: tf.Tensor } | undefined {
  const { beta1, beta2, epsilon } = constants;
  const backendName = tf.getBackend();
  if (backendName === 'wasm' && inputs.param.dtype === 'float32') {
    const { param, gradient, m, v, scalars } = inputs;
    const [newParam, newM, newV] = tf
      .engine()
      .runKernel(ADAM_STEP, { param, gradient, m, v, scalars }, { beta1, beta2, epsilon }) as tf.Tensor[];
    return { m: newM!, v: newV!, param: newParam! };
  }
  if (backendName !== 'webgpu') return undefined;
  const backend = tf.backend() as unknown as WebGPUBackendLike;
  const { shape } = inputs.param;
  const m = run(backend, adamMomentProgram(shape, beta1, false), [inputs.m, inputs.gradient]);
  const v = run(backend, adamMomentProgram(shape, beta2, true), [inputs.v, inputs.gradient]);
  const param = run(backend, adamParamProgram(shape, epsilon), [inputs.param, m, v, inputs.scalars]);
  return { m, v, param };
}
