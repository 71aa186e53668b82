import { BCOS_GROUP_NORM, groupNormAttrs, groupNormGeometry } from '../shared/group-norm-geometry';
import { forEachInGroup, groupStatistics } from './BcosGroupNormStats';
import { type HostKernel, hostKernelConfigs } from './host-kernel';

/** y = (x − μ?)/√(σ² + ε)·γ + β per statistics group (γ and β per channel, β optional). */
export const groupNormHost: HostKernel = {
  kernelName: BCOS_GROUP_NORM,
  outputShape: ({ x }) => [...x!.shape],
  compute: ({ x, gamma, beta }, out, inputs, attrs) => {
    const { groups, centered, epsilon } = groupNormAttrs(attrs);
    const geometry = groupNormGeometry(inputs.x!, groups);
    const stats = groupStatistics(x!, geometry, epsilon);
    const { channels } = geometry;
    for (let n = 0; n < geometry.samples; n++) {
      for (let g = 0; g < groups; g++) {
        const k = (n * groups + g) * 2;
        const shift = centered ? stats[k]! : 0;
        const deviation = stats[k + 1]!;
        forEachInGroup(geometry, n, g, (i) => {
          const c = i % channels;
          out[i] = ((x![i]! - shift) / deviation) * gamma![c]! + (beta ? beta[c]! : 0);
        });
      }
    }
  },
};

export const groupNormHostConfigs = hostKernelConfigs(groupNormHost);
