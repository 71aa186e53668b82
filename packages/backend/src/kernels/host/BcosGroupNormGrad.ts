import { BCOS_GROUP_NORM_GRAD, groupNormAttrs, groupNormGeometry } from '../shared/group-norm-geometry';
import { forEachInGroup } from './BcosGroupNormStats';
import { type HostKernel, hostKernelConfigs } from './host-kernel';

/**
 * dx of the group norm from x, dy, γ and the statistics [mean, r] (see `groupNormGradient`): with
 * g = dy·γ and M the group size, dx = r·g − c·r·mean(g) − r³·(x − μ)·mean(g·(x − c·μ)), c = 1 when
 * centered; the last term is the variance's, left out when the variance is detached.
 */
export const groupNormGradHost: HostKernel = {
  kernelName: BCOS_GROUP_NORM_GRAD,
  outputShape: ({ x }) => [...x!.shape],
  compute: ({ x, dy, gamma, stats }, out, inputs, attrs) => {
    const { groups, centered, detachVariance } = groupNormAttrs(attrs);
    const geometry = groupNormGeometry(inputs.x!, groups);
    const { channels, groupSize } = geometry;
    const g = (i: number) => dy![i]! * gamma![i % channels]!;
    for (let n = 0; n < geometry.samples; n++) {
      for (let group = 0; group < groups; group++) {
        const k = (n * groups + group) * 2;
        const mean = stats![k]!;
        const r = stats![k + 1]!;
        const shift = centered ? mean : 0;
        let sumG = 0;
        let sumGX = 0;
        forEachInGroup(geometry, n, group, (i) => {
          sumG += g(i);
          sumGX += g(i) * (x![i]! - shift);
        });
        const meanTerm = centered ? (r * sumG) / groupSize : 0;
        const varianceTerm = detachVariance ? 0 : (r * r * r * sumGX) / groupSize;
        forEachInGroup(geometry, n, group, (i) => {
          out[i] = r * g(i) - meanTerm - varianceTerm * (x![i]! - mean);
        });
      }
    }
  },
};

export const groupNormGradHostConfigs = hostKernelConfigs(groupNormGradHost);
