import {
  BCOS_GROUP_NORM_STATS,
  type GroupNormGeometry,
  groupNormAttrs,
  groupNormGeometry,
} from '../shared/group-norm-geometry';
import { type HostKernel, hostKernelConfigs } from './host-kernel';

/** Calls `visit(index)` for every element of statistics group (n, g). */
export function forEachInGroup(
  { pixels, groups, depth }: GroupNormGeometry,
  n: number,
  g: number,
  visit: (index: number) => void,
): void {
  for (let p = 0; p < pixels; p++) {
    const base = ((n * pixels + p) * groups + g) * depth;
    for (let d = 0; d < depth; d++) visit(base + d);
  }
}

/** [samples·groups, 2]: each group's mean and √(biased variance + ε), in float64. */
export function groupStatistics(x: Float32Array, geometry: GroupNormGeometry, epsilon: number): Float64Array {
  const { samples, groups, groupSize } = geometry;
  const stats = new Float64Array(samples * groups * 2);
  for (let n = 0; n < samples; n++) {
    for (let g = 0; g < groups; g++) {
      let sum = 0;
      forEachInGroup(geometry, n, g, (i) => {
        sum += x[i]!;
      });
      const mean = sum / groupSize;
      let squares = 0;
      forEachInGroup(geometry, n, g, (i) => {
        squares += (x[i]! - mean) ** 2;
      });
      const k = (n * groups + g) * 2;
      stats[k] = mean;
      stats[k + 1] = Math.sqrt(squares / groupSize + epsilon);
    }
  }
  return stats;
}

/** [samples·groups, 2]: (mean, 1/√(variance + ε)) of each group, what the gradient kernels read. */
export const groupNormStatsHost: HostKernel = {
  kernelName: BCOS_GROUP_NORM_STATS,
  outputShape: ({ x }, attrs) => [x!.shape[0]! * groupNormAttrs(attrs).groups, 2],
  compute: (values, out, { x }, attrs) => {
    const { groups, epsilon } = groupNormAttrs(attrs);
    const stats = groupStatistics(values.x!, groupNormGeometry(x!, groups), epsilon);
    for (let k = 0; k < stats.length; k += 2) {
      out[k] = stats[k]!;
      out[k + 1] = 1 / stats[k + 1]!;
    }
  },
};

export const groupNormStatsHostConfigs = hostKernelConfigs(groupNormStatsHost);
