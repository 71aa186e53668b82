import * as tf from '@tensorflow/tfjs-core';
import {
  cachedPipeline,
  type DispatchingBackend,
  dispatch,
  dispatchingBackend,
} from '../kernels/webgpu/hand-dispatch';
import { SUM_INPUTS, SUM_THREADS, sumAllShader } from '../kernels/webgpu/sum-all-shader';

/** Partial sums per dispatch over large tensors; small ones go straight to one. */
const WIDE = 64;

function partialSums(backend: DispatchingBackend, inputs: tf.Tensor[], workgroups: number): tf.Tensor {
  const info = backend.makeTensorInfo([workgroups], 'float32');
  const pipeline = cachedPipeline(backend.device, `bcosSumAll_${inputs.length}_${workgroups}`, () =>
    sumAllShader(inputs.length, workgroups),
  );
  dispatch(backend, pipeline, [info, ...inputs], [workgroups, 1, 1]);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** One level: groups of 7 tensors, one dispatch each. */
function sumLevel(backend: DispatchingBackend, tensors: tf.Tensor[]): tf.Tensor[] {
  const sums: tf.Tensor[] = [];
  for (let i = 0; i < tensors.length; i += SUM_INPUTS) {
    const group = tensors.slice(i, i + SUM_INPUTS);
    const large = group.some((t) => t.size > SUM_THREADS * 16);
    sums.push(partialSums(backend, group, large && tensors.length > 1 ? WIDE : 1));
  }
  return sums;
}

/**
 * Σ of every element of every tensor (as float32), as a scalar. On webgpu one dispatch reads up to seven tensors
 * (a ResNet-18's 62 weights: ~12 dispatches in all, instead of a sum each plus the concats of a
 * stack); elsewhere the sums of the composed ops. The order of the additions differs between the two.
 */
export function sumAll(tensors: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    const present = tensors
      .filter((t) => t.size > 0)
      .map((t) => (t.dtype === 'float32' ? t : tf.cast(t, 'float32')));
    if (present.length === 0) return tf.scalar(0);
    const backend = dispatchingBackend();
    if (!backend) return tf.sum(tf.stack(present.map((t) => tf.sum(t))));
    let level = sumLevel(backend, [...present]);
    while (level.length > 1 || level[0]!.size > 1) level = sumLevel(backend, level);
    return tf.reshape(level[0]!, []) as tf.Scalar;
  });
}
