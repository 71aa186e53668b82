import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

/** Kernel names of the fused group norm (layer norm = 1 group); not tfjs kernels. */
export const BCOS_GROUP_NORM = 'BcosGroupNorm';
export const BCOS_GROUP_NORM_STATS = 'BcosGroupNormStats';
export const BCOS_GROUP_NORM_GRAD = 'BcosGroupNormGrad';
export const BCOS_GROUP_NORM_PARAM_GRAD = 'BcosGroupNormParamGrad';

export interface GroupNormAttrs {
  /** Channel groups; statistics per (sample, group) over H, W and the group's channels. */
  groups: number;
  /** Subtract the mean (the variance is always taken around the mean). */
  centered: boolean;
  epsilon: number;
  /** Explanation mode: the gradient treats the variance as a constant. */
  detachVariance: boolean;
}

/** Which per-channel parameter gradient a BcosGroupNormParamGrad call returns: Σ dy·x̂ or Σ dy. */
export type ParamTerm = 'scale' | 'shift';

/**
 * x [N, H, W, C] seen as [samples, pixels, groups, depth]: group (n, g) holds pixels × depth
 * elements, element (n, p, g, d) sits at ((n·pixels + p)·groups + g)·depth + d.
 */
export interface GroupNormGeometry {
  samples: number;
  pixels: number;
  groups: number;
  depth: number;
  channels: number;
  /** Elements per statistics group. */
  groupSize: number;
}

export function groupNormGeometry(x: TensorInfo, groups: number): GroupNormGeometry {
  const [samples, height, width, channels] = x.shape as [number, number, number, number];
  const depth = channels / groups;
  const pixels = height * width;
  return { samples, pixels, groups, depth, channels, groupSize: pixels * depth };
}

export function groupNormAttrs(attrs: NamedAttrMap | undefined): GroupNormAttrs {
  return attrs as unknown as GroupNormAttrs;
}
