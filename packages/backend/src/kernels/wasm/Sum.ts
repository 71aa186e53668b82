import { Sum } from '@tensorflow/tfjs-core';
import { outerOrInnerAxesReduction } from './reduce-outer-or-inner-axes';

export const sumWasmConfig = outerOrInnerAxesReduction(Sum, () => 1);
