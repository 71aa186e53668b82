import { groupNorm2d, layerNorm2d } from '@bcos/layers';
import type { layers, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { batchNormalization } from './batch-normalization';

export const PLAIN_NORMS = ['batch', 'layer', 'group', 'none'] as const;
export type PlainNorm = (typeof PLAIN_NORMS)[number];

/** PyTorch's defaults: eps 1e-5 and running-average momentum 0.1 (tfjs counts it from the other side). */
const EPSILON = 1e-5;
const MOMENTUM = 0.9;

/**
 * The usual, centred PyTorch norms with bias: BatchNorm2d, GroupNorm(1, C) for 'layer' (per-channel
 * γ/β; tfjs' layerNormalization over [1, 2, 3] would learn H×W×C of each) and GroupNorm(groups, C).
 */
export function plainNorm(
  kind: PlainNorm,
  groups: number,
): (x: SymbolicTensor, name: string) => SymbolicTensor {
  const usual = { centered: true, bias: true, epsilon: EPSILON };
  const make: Record<PlainNorm, (name: string) => layers.Layer | undefined> = {
    batch: (name) => batchNormalization({ axis: -1, epsilon: EPSILON, momentum: MOMENTUM, name }),
    layer: (name) => layerNorm2d({ ...usual, name }),
    group: (name) => groupNorm2d({ ...usual, groups, name }),
    none: () => undefined,
  };
  return (x, name) => {
    const layer = make[kind](name);
    return layer ? (layer.apply(x) as SymbolicTensor) : x;
  };
}
