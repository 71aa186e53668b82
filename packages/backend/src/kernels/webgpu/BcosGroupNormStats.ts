import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { BCOS_GROUP_NORM_STATS, groupNormAttrs, groupNormGeometry } from '../shared/group-norm-geometry';
import { GROUP_THREADS, geometryKey, groupDispatch, groupNormPrelude } from './group-norm-wgsl';
import type { WebGPUBackendLike } from './shader-program';

/** [samples·groups, 2]: (mean, 1/√(variance + ε)) of each group, one workgroup per group. */
export const groupNormStatsWebgpuConfig: KernelConfig = {
  kernelName: BCOS_GROUP_NORM_STATS,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { groups, epsilon } = groupNormAttrs(attrs);
    const geometry = groupNormGeometry(x, groups);
    return (backend as WebGPUBackendLike).runWebGPUProgram(
      {
        variableNames: ['x'],
        outputShape: [geometry.samples * groups, 2],
        shaderKey: `bcosGroupNormStats_${geometryKey(geometry)}_${epsilon}`,
        dispatchLayout: { x: [0], y: [1] },
        dispatch: groupDispatch(geometry),
        workgroupSize: [GROUP_THREADS, 1, 1],
        size: true,
        getUserCode: () => `
      ${groupNormPrelude(geometry, epsilon)}

      fn main() {
        let group = groupIndex();
        let valid = group < TOTAL_GROUPS;
        let stats = groupStatistics(group, valid);
        if (valid && localIndex == 0u && group * 2 + 1 < uniforms.size) {
          result[group * 2] = stats.x;
          result[group * 2 + 1] = 1.0 / stats.y;
        }
      }`,
      },
      [x],
      'float32',
    );
  },
};
