import type { GroupNormGeometry } from '../shared/group-norm-geometry';

/** Threads of a workgroup that reduces one statistics group. */
export const GROUP_THREADS = 256;
const MAX_WORKGROUPS_X = 65535;

/** One workgroup per statistics group, folded into y when there are more than 65,535 groups. */
export function groupDispatch({ samples, groups }: GroupNormGeometry): [number, number, number] {
  const total = samples * groups;
  const x = Math.min(total, MAX_WORKGROUPS_X);
  return [x, Math.ceil(total / x), 1];
}

/** The geometry in a shader key: programs bake it into their WGSL. */
export function geometryKey({ samples, pixels, groups, depth }: GroupNormGeometry): string {
  return `${samples}_${pixels}_${groups}_${depth}`;
}

/**
 * WGSL shared by the group norm programs: geometry constants, the flat index of element e of a
 * group, a 256-thread workgroup sum, and a group's statistics from `x` (two passes: mean, then the
 * squared deviations, as the host kernels and tf.moments do).
 */
export function groupNormPrelude(geometry: GroupNormGeometry, epsilon: number): string {
  const { samples, pixels, groups, depth, groupSize } = geometry;
  const dispatchX = groupDispatch(geometry)[0];
  return `
      const PIXELS = ${pixels};
      const GROUPS = ${groups};
      const DEPTH = ${depth};
      const GROUP_SIZE = ${groupSize};
      const TOTAL_GROUPS = ${samples * groups};
      const THREADS = ${GROUP_THREADS};
      const EPSILON = f32(${Math.fround(epsilon).toPrecision(9)});

      var<workgroup> partials : array<vec4<f32>, ${GROUP_THREADS}>;

      fn groupIndex() -> i32 {
        return i32(workgroupId.y) * ${dispatchX} + i32(workgroupId.x);
      }

      fn elementIndex(group : i32, e : i32) -> i32 {
        let n = group / GROUPS;
        let g = group - n * GROUPS;
        let p = e / DEPTH;
        let d = e - p * DEPTH;
        return ((n * PIXELS + p) * GROUPS + g) * DEPTH + d;
      }

      // Called by every thread of the workgroup (uniform control flow).
      fn workgroupSum(value : vec4<f32>) -> vec4<f32> {
        let local = i32(localIndex);
        partials[local] = value;
        workgroupBarrier();
        for (var stride = THREADS / 2; stride > 0; stride = stride / 2) {
          if (local < stride) {
            partials[local] = partials[local] + partials[local + stride];
          }
          workgroupBarrier();
        }
        let total = partials[0];
        workgroupBarrier();
        return total;
      }

      // (mean, √(variance + ε)) of group \`group\`; \`valid\` is false past the last group.
      fn groupStatistics(group : i32, valid : bool) -> vec2<f32> {
        var sum = 0.0;
        if (valid) {
          for (var e = i32(localIndex); e < GROUP_SIZE; e += THREADS) {
            sum += x[elementIndex(group, e)];
          }
        }
        let mean = workgroupSum(vec4<f32>(sum, 0.0, 0.0, 0.0)).x / f32(GROUP_SIZE);
        var squares = 0.0;
        if (valid) {
          for (var e = i32(localIndex); e < GROUP_SIZE; e += THREADS) {
            let deviation = x[elementIndex(group, e)] - mean;
            squares += deviation * deviation;
          }
        }
        let variance = workgroupSum(vec4<f32>(squares, 0.0, 0.0, 0.0)).x / f32(GROUP_SIZE);
        return vec2<f32>(mean, sqrt(variance + EPSILON));
      }`;
}
