import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { BCOS_GROUP_NORM, groupNormAttrs, groupNormGeometry } from '../shared/group-norm-geometry';
import { GROUP_THREADS, geometryKey, groupDispatch, groupNormPrelude } from './group-norm-wgsl';
import type { WebGPUBackendLike } from './shader-program';

/**
 * The whole norm in one dispatch: a workgroup per statistics group takes the group's mean and
 * variance and writes (x − μ?)·r·γ + β. The composed ops took ~17 kernels per norm.
 */
export const groupNormWebgpuConfig: KernelConfig = {
  kernelName: BCOS_GROUP_NORM,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, gamma, beta } = inputs as { x: TensorInfo; gamma: TensorInfo; beta?: TensorInfo };
    const { groups, centered, epsilon } = groupNormAttrs(attrs);
    const geometry = groupNormGeometry(x, groups);
    const shift = beta ? `beta[index % ${geometry.channels}]` : '0.0';
    return (backend as WebGPUBackendLike).runWebGPUProgram(
      {
        variableNames: ['x', 'gamma', ...(beta ? ['beta'] : [])],
        outputShape: [...x.shape],
        shaderKey: `bcosGroupNorm_${geometryKey(geometry)}_${epsilon}_${centered}_${Boolean(beta)}`,
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
        let center = ${centered ? 'stats.x' : '0.0'};
        if (valid) {
          for (var e = i32(localIndex); e < GROUP_SIZE; e += THREADS) {
            let index = elementIndex(group, e);
            if (index < uniforms.size) {
              result[index] = (x[index] - center) / stats.y * gamma[index % ${geometry.channels}] + ${shift};
            }
          }
        }
      }`,
      },
      [x, gamma, ...(beta ? [beta] : [])],
      'float32',
    );
  },
};
