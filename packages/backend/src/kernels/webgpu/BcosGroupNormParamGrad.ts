import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import {
  BCOS_GROUP_NORM_PARAM_GRAD,
  groupNormAttrs,
  groupNormGeometry,
  type ParamTerm,
} from '../shared/group-norm-geometry';
import { geometryKey } from './group-norm-wgsl';
import type { WebGPUBackendLike } from './shader-program';

/** Channels per workgroup and row lanes per channel (16 × 16 threads). */
const LANES = 16;

/**
 * γ's (Σ dy·x̂) or β's (Σ dy) gradient per channel in one dispatch: a workgroup per 16 channels,
 * 16 lanes each striding over samples × pixels (consecutive threads read consecutive channels),
 * then a sum over the lanes in workgroup memory.
 */
export const groupNormParamGradWebgpuConfig: KernelConfig = {
  kernelName: BCOS_GROUP_NORM_PARAM_GRAD,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy, stats } = inputs as Record<string, TensorInfo>;
    const { groups, centered } = groupNormAttrs(attrs);
    const scale = (attrs as unknown as { term: ParamTerm }).term === 'scale';
    const geometry = groupNormGeometry(x!, groups);
    const { samples, pixels, channels, depth } = geometry;
    const normalized = scale ? `(x[index] - ${centered ? 'stats[k]' : '0.0'}) * stats[k + 1]` : '1.0';
    return (backend as WebGPUBackendLike).runWebGPUProgram(
      {
        variableNames: scale ? ['x', 'dy', 'stats'] : ['dy'],
        outputShape: [channels],
        shaderKey: `bcosGroupNormParamGrad_${geometryKey(geometry)}_${centered}_${scale}`,
        dispatchLayout: { x: [0], y: [1] },
        dispatch: [Math.ceil(channels / LANES), 1, 1],
        workgroupSize: [LANES, LANES, 1],
        size: true,
        getUserCode: () => `
      const ROWS = ${samples * pixels};
      const PIXELS = ${pixels};
      const CHANNELS = ${channels};
      const GROUPS = ${groups};
      const DEPTH = ${depth};
      const LANES = ${LANES};

      var<workgroup> lanes : array<f32, ${LANES * LANES}>;

      fn main() {
        let tx = i32(localId.x);
        let ty = i32(localId.y);
        let c = i32(workgroupId.x) * LANES + tx;
        var sum = 0.0;
        if (c < CHANNELS) {
          for (var row = ty; row < ROWS; row += LANES) {
            let index = row * CHANNELS + c;
            let k = ((row / PIXELS) * GROUPS + c / DEPTH) * 2;
            sum += dy[index] * ${normalized};
          }
        }
        lanes[ty * LANES + tx] = sum;
        workgroupBarrier();
        for (var stride = LANES / 2; stride > 0; stride = stride / 2) {
          if (ty < stride) {
            lanes[ty * LANES + tx] = lanes[ty * LANES + tx] + lanes[(ty + stride) * LANES + tx];
          }
          workgroupBarrier();
        }
        if (ty == 0 && c < uniforms.size) {
          result[c] = lanes[tx];
        }
      }`,
      },
      scale ? [x!, dy!, stats!] : [dy!],
      'float32',
    );
  },
};
