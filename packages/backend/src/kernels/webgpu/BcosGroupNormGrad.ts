import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { BCOS_GROUP_NORM_GRAD, groupNormAttrs, groupNormGeometry } from '../shared/group-norm-geometry';
import { GROUP_THREADS, geometryKey, groupDispatch, groupNormPrelude } from './group-norm-wgsl';
import type { WebGPUBackendLike } from './shader-program';

/**
 * dx of the group norm in one dispatch (formula in host/BcosGroupNormGrad.ts): a workgroup per
 * group sums g = dy·γ and g·(x − c·μ), then writes every dx of the group.
 */
export const groupNormGradWebgpuConfig: KernelConfig = {
  kernelName: BCOS_GROUP_NORM_GRAD,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy, stats, gamma } = inputs as Record<string, TensorInfo>;
    const { groups, centered, epsilon, detachVariance } = groupNormAttrs(attrs);
    const geometry = groupNormGeometry(x!, groups);
    const key = `${geometryKey(geometry)}_${centered}_${detachVariance}`;
    return (backend as WebGPUBackendLike).runWebGPUProgram(
      {
        variableNames: ['x', 'dy', 'stats', 'gamma'],
        outputShape: [...x!.shape],
        shaderKey: `bcosGroupNormGrad_${key}`,
        dispatchLayout: { x: [0], y: [1] },
        dispatch: groupDispatch(geometry),
        workgroupSize: [GROUP_THREADS, 1, 1],
        size: true,
        getUserCode: () => `
      ${groupNormPrelude(geometry, epsilon)}

      fn upstream(index : i32) -> f32 {
        return dy[index] * gamma[index % ${geometry.channels}];
      }

      fn main() {
        let group = groupIndex();
        let valid = group < TOTAL_GROUPS;
        let mean = select(0.0, stats[group * 2], valid);
        let r = select(0.0, stats[group * 2 + 1], valid);
        let center = ${centered ? 'mean' : '0.0'};
        var sums = vec4<f32>(0.0);
        if (valid) {
          for (var e = i32(localIndex); e < GROUP_SIZE; e += THREADS) {
            let index = elementIndex(group, e);
            let g = upstream(index);
            sums += vec4<f32>(g, g * (x[index] - center), 0.0, 0.0);
          }
        }
        let totals = workgroupSum(sums) / f32(GROUP_SIZE);
        let meanTerm = ${centered ? 'r * totals.x' : '0.0'};
        let varianceTerm = ${detachVariance ? '0.0' : 'r * r * r * totals.y'};
        if (valid) {
          for (var e = i32(localIndex); e < GROUP_SIZE; e += THREADS) {
            let index = elementIndex(group, e);
            if (index < uniforms.size) {
              result[index] = r * upstream(index) - meanTerm - varianceTerm * (x[index] - mean);
            }
          }
        }
      }`,
      },
      [x!, dy!, stats!, gamma!],
      'float32',
    );
  },
};
