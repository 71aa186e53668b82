import { Mean } from '@tensorflow/tfjs-core';
import { outerOrInnerAxesReduction } from './reduce-outer-or-inner-axes';

export const meanWasmConfig = outerOrInnerAxesReduction(Mean, (count) => 1 / count);
