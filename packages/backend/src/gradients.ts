// tfjs-core on its own registers no gradients; tfjs-layers' bundle registers all of core's when it
// loads. Every backend must train, so @bcos/backend loads it as soon as it is imported.
import '@tensorflow/tfjs-layers';
import { registerGradient } from '@tensorflow/tfjs-core';
import { avgPoolGradConfig } from './grads/AvgPool';
import { comparisonGradConfigs } from './grads/comparisons';
import { stridedSliceGradConfig } from './grads/StridedSlice';
import { groupNormGradConfig } from './norms/group-norm';

// Gradients tfjs-core lacks (StridedSlice, comparisons) or gets wrong (AvgPool with padding) that image models need.
registerGradient(stridedSliceGradConfig);
registerGradient(avgPoolGradConfig);
registerGradient(groupNormGradConfig);
for (const config of comparisonGradConfigs) registerGradient(config);
