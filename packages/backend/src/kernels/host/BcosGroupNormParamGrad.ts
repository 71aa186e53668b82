import {
  BCOS_GROUP_NORM_PARAM_GRAD,
  groupNormAttrs,
  groupNormGeometry,
  type ParamTerm,
} from '../shared/group-norm-geometry';
import { type HostKernel, hostKernelConfigs } from './host-kernel';

/** Per channel, Σ over samples and pixels of dy·x̂ (`scale`, γ's gradient) or of dy (`shift`, β's). */
export const groupNormParamGradHost: HostKernel = {
  kernelName: BCOS_GROUP_NORM_PARAM_GRAD,
  outputShape: ({ x }) => [x!.shape[3]!],
  compute: ({ x, dy, stats }, out, inputs, attrs) => {
    const { groups, centered } = groupNormAttrs(attrs);
    const scale = (attrs as unknown as { term: ParamTerm }).term === 'scale';
    const { samples, pixels, channels, depth } = groupNormGeometry(inputs.x!, groups);
    const sums = new Float64Array(channels);
    for (let n = 0; n < samples; n++) {
      for (let p = 0; p < pixels; p++) {
        const base = (n * pixels + p) * channels;
        for (let c = 0; c < channels; c++) {
          const k = (n * groups + Math.floor(c / depth)) * 2;
          const normalized = scale ? (x![base + c]! - (centered ? stats![k]! : 0)) * stats![k + 1]! : 1;
          sums[c]! += dy![base + c]! * normalized;
        }
      }
    }
    out.set(sums);
  },
};

export const groupNormParamGradHostConfigs = hostKernelConfigs(groupNormParamGradHost);
