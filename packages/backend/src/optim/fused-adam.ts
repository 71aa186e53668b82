import * as tf from '@tensorflow/tfjs-core';
import { ADAM_STEP } from '../kernels/wasm/AdamStep';
import { ADAM_ROW, ADAM_WORKGROUP, adamShader } from '../kernels/webgpu/adam-shader';
import { cachedPipeline, dispatch, dispatchingBackend } from '../kernels/webgpu/hand-dispatch';

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

/**
 * One Adam update as one webgpu dispatch (new m, v and parameter in three new tensors), or one wasm
 * kernel (bitwise the composed ops, split over wasm's threads), instead of the thirteen kernels of the
 * composed ops, with the same arithmetic; undefined on other backends (compose the ops there).
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
  const backend = dispatchingBackend();
  if (!backend) return undefined;
  const { shape, size } = inputs.param;
  const outputs = [0, 1, 2].map(() => backend.makeTensorInfo([...shape], 'float32'));
  const { param, m, v, gradient, scalars } = inputs;
  const workgroups = Math.ceil(size / ADAM_WORKGROUP);
  const pipeline = cachedPipeline(backend.device, `bcosAdam_${beta1}_${beta2}_${epsilon}`, () =>
    adamShader(beta1, beta2, epsilon),
  );
  const grid: [number, number, number] = [
    Math.min(workgroups, ADAM_ROW),
    Math.ceil(workgroups / ADAM_ROW),
    1,
  ];
  if (size > 0) dispatch(backend, pipeline, [...outputs, param, m, v, gradient, scalars], grid);
  const [newParam, newM, newV] = outputs.map((info) => tf.engine().makeTensorFromTensorInfo(info));
  return { m: newM!, v: newV!, param: newParam! };
}
