// tfjs-core on its own registers no gradients; tfjs-layers' bundle registers all of core's when it
// loads. Every backend must train, so @bcos/backend loads it as soon as it is imported.
import '@tensorflow/tfjs-layers';
import { registerGradient } from '@tensorflow/tfjs-core';
import { avgPoolGradConfig } from './grads/AvgPool';
import { avgPoolGradGradConfig } from './grads/AvgPoolGrad';
import { comparisonGradConfigs } from './grads/comparisons';
import { depthwiseBackpropInputGradConfig } from './grads/DepthwiseConv2dNativeBackpropInput';
import { maxPoolGradGradConfig } from './grads/MaxPoolGrad';
import { stridedSliceGradConfig } from './grads/StridedSlice';
import { batchNormTrainingGradConfig } from './norms/batch-norm-training';
import { groupNormGradConfig } from './norms/group-norm';

// Gradients tfjs-core lacks (StridedSlice, comparisons) or gets wrong (AvgPool with padding) that image models need.
registerGradient(stridedSliceGradConfig);
registerGradient(avgPoolGradConfig);
registerGradient(groupNormGradConfig);
registerGradient(batchNormTrainingGradConfig);
for (const config of comparisonGradConfigs) registerGradient(config);
// Gradients of gradient kernels, for second-order gradients (ShapleyCAM) through pools and depthwise convolutions.
registerGradient(maxPoolGradGradConfig);
registerGradient(avgPoolGradGradConfig);
registerGradient(depthwiseBackpropInputGradConfig);
