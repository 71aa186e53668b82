import { boolean, oneOf } from '@bcos/backend';
import { batchNorm2d, groupNorm2d, layerNorm2d, positionNorm2d } from '@bcos/layers';
import type { layers, SymbolicTensor } from '@tensorflow/tfjs-layers';
import { normGroups } from './groups';

export const BCOS_NORMS = ['batch', 'layer', 'position', 'group', 'none'] as const;
export type BcosNormKind = (typeof BCOS_NORMS)[number];

/**
 * A B-cos network's norm: a kind alone is B-cos v2's bias-free *uncentered* variant (`batch` =
 * BatchNormUncentered2d, the ImageNet default); `{kind, centered: true}` subtracts the mean as well
 * (e.g. DetachablePositionNorm2d, the default of B-cos v2's resnet.py). None has a bias β.
 */
export type BcosNorm = BcosNormKind | { kind: BcosNormKind; centered?: boolean; groups?: number };

export interface ResolvedBcosNorm {
  kind: BcosNormKind;
  centered: boolean;
  groups: number;
}

export function resolveBcosNorm(norm: BcosNorm | undefined, width: number, where: string): ResolvedBcosNorm {
  const detailed = typeof norm === 'object' && norm !== null;
  const spec = detailed ? norm : { kind: norm ?? 'batch' };
  const kind = oneOf(where, detailed ? 'norm.kind' : 'norm', spec.kind, BCOS_NORMS);
  const { centered = false, groups } = spec as { centered?: unknown; groups?: unknown };
  return {
    kind,
    centered: boolean(where, 'norm.centered', centered),
    groups: normGroups(groups, width, where),
  };
}

export function bcosNorm(norm: ResolvedBcosNorm): (x: SymbolicTensor, name: string) => SymbolicTensor {
  const { centered, groups } = norm;
  const make: Record<BcosNormKind, (name: string) => layers.Layer | undefined> = {
    batch: (name) => batchNorm2d({ centered, name }),
    layer: (name) => layerNorm2d({ centered, name }),
    position: (name) => positionNorm2d({ centered, name }),
    group: (name) => groupNorm2d({ centered, groups, name }),
    none: () => undefined,
  };
  return (x, name) => {
    const layer = make[norm.kind](name);
    return layer ? (layer.apply(x) as SymbolicTensor) : x;
  };
}
