import * as tf from '@tensorflow/tfjs-core';
import {
  type BatchNormTrainingAttrs,
  BCOS_BATCH_NORM,
  BCOS_BATCH_NORM_GRAD,
} from '../kernels/shared/batch-norm-training-attrs';
import { checkChannelParameters } from './check-channel-parameters';

export interface BatchNormTrainingOptions {
  /** Subtract the batch mean (uncentered: B-cos v2's BatchNormUncentered2d). */
  centered: boolean;
  epsilon: number;
  /** Per-channel scale γ [C] (default 1) and shift β [C] (default 0). */
  gamma?: tf.Tensor;
  beta?: tf.Tensor;
  /** Explanation mode: the gradient treats the variance as a constant. Default false. */
  detachVariance?: boolean;
}

// A type, not an interface: tf.tidy returns only objects with an index signature.
export type BatchNormTrainingResult = {
  /** (x − μ?)/√(σ² + ε)·γ + β. */
  y: tf.Tensor4D;
  /** The batch mean and biased variance per channel [C], for moving averages (no gradient). */
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
};

const AXES = [0, 1, 2];

function check(x: tf.Tensor, { gamma, beta }: BatchNormTrainingOptions): void {
  const where = 'batchNormTraining';
  if (x.rank !== 4 || x.dtype !== 'float32' || x.size === 0)
    throw new Error(
      `${where}: x must be a non-empty float32 [N, H, W, C] tensor, got ${x.dtype} [${x.shape}]`,
    );
  const channels = x.shape[3]!;
  checkChannelParameters(where, channels, { gamma, beta });
}

/**
 * The training pass of a batch norm over N, H, W per channel of NHWC x: the output and the batch
 * statistics. On cpu and wasm one kernel forward (two passes over x, split over the wasm threads)
 * and one backward, with the gradient written out (see batch-norm-passes.ts); elsewhere the same
 * function of composed tfjs ops.
 */
export function batchNormTraining(x: tf.Tensor, options: BatchNormTrainingOptions): BatchNormTrainingResult {
  check(x, options);
  const attrs: BatchNormTrainingAttrs = {
    centered: options.centered,
    epsilon: options.epsilon,
    detachVariance: options.detachVariance ?? false,
  };
  return tf.tidy(() => {
    const channels = x.shape[3]!;
    const gamma = options.gamma ? tf.reshape(options.gamma, [-1]) : tf.ones([channels]);
    const beta = options.beta && tf.reshape(options.beta, [-1]);
    if (tf.getKernel(BCOS_BATCH_NORM, tf.getBackend()) === undefined)
      return composedBatchNorm(x as tf.Tensor4D, gamma, beta ?? tf.zeros([channels]), attrs);
    const inputs: tf.NamedTensorMap = beta ? { x, gamma, beta } : { x, gamma };
    const [y, stats] = tf
      .engine()
      .runKernel(BCOS_BATCH_NORM, inputs, attrs as unknown as tf.NamedAttrMap) as [tf.Tensor4D, tf.Tensor2D];
    const [mean, variance] = tf.unstack(stats) as [tf.Tensor1D, tf.Tensor1D];
    return { y, mean, variance };
  });
}

/** batchNormTraining of tfjs ops, with the kernels' gradient (the statistics get none). */
function composedBatchNorm(
  x: tf.Tensor4D,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  { centered, epsilon, detachVariance }: BatchNormTrainingAttrs,
): BatchNormTrainingResult {
  const { mean, variance } = tf.moments(x, AXES) as { mean: tf.Tensor1D; variance: tf.Tensor1D };
  const normalize = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input, scale, shift, mu, sigma2] = args as tf.Tensor[];
    const save = args[5] as tf.GradSaveFunc;
    const r = tf.rsqrt(tf.add(sigma2!, epsilon));
    const xHat = tf.mul(centered ? tf.sub(input!, mu!) : input!, r);
    save([input!, scale!, mu!, r, xHat]);
    return {
      value: tf.add(tf.mul(xHat, scale!), shift!),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, g, m, rs, xh] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const count = xs.size / xs.shape[3]!;
        const dBeta = tf.sum(dy, AXES);
        const dGamma = tf.sum(tf.mul(dy, xh), AXES);
        let inner = tf.mul(dy, g);
        if (centered) inner = tf.sub(inner, tf.mul(dBeta, tf.div(g, count)));
        if (!detachVariance) {
          const meanGXHat = tf.mul(dGamma, tf.div(g, count));
          inner = tf.sub(inner, tf.mul(tf.mul(tf.sub(xs, m), rs), meanGXHat));
        }
        return [tf.mul(inner, rs), dGamma, dBeta, tf.zerosLike(m), tf.zerosLike(rs)];
      },
    };
  });
  return { y: normalize(x, gamma, beta, mean, variance) as tf.Tensor4D, mean, variance };
}

export const batchNormTrainingGradConfig: tf.GradConfig = {
  kernelName: BCOS_BATCH_NORM,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true],
  gradFunc: (dys, saved, attrs) => {
    const [x, gamma, stats] = saved as tf.Tensor[];
    const dy = (dys as tf.Tensor[])[0]!;
    // One kernel for all three, run here: tfjs calls each input's function in a tidy of its own.
    const [dx, dGamma, dBeta] = tf
      .engine()
      .runKernel(BCOS_BATCH_NORM_GRAD, { x: x!, dy, stats: stats!, gamma: gamma! }, attrs) as tf.Tensor[];
    return { x: () => dx!, gamma: () => dGamma!, beta: () => dBeta! };
  },
};
