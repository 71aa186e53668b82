import type { NamedAttrMap } from '@tensorflow/tfjs-core';

/**
 * Kernel names of the batch-norm training op (statistics over N, H, W per channel of NHWC x); not
 * tfjs kernels. BcosBatchNorm: {x, gamma, beta?} → [y, stats [2, C] = batch mean and biased
 * variance]; BcosBatchNormGrad: {x, dy, stats, gamma} → [dx, dγ, dβ].
 */
export const BCOS_BATCH_NORM = 'BcosBatchNorm';
export const BCOS_BATCH_NORM_GRAD = 'BcosBatchNormGrad';

export interface BatchNormTrainingAttrs {
  /** Subtract the mean (the variance is always taken around the mean). */
  centered: boolean;
  epsilon: number;
  /** Explanation mode: the gradient treats the variance as a constant. */
  detachVariance: boolean;
}

export function batchNormTrainingAttrs(attrs: NamedAttrMap | undefined): BatchNormTrainingAttrs {
  return attrs as unknown as BatchNormTrainingAttrs;
}
