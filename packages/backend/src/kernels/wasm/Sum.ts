import { Sum } from '@tensorflow/tfjs-core';
import { leadingAxesReduction } from './reduce-leading-axes';

export const sumWasmConfig = leadingAxesReduction(Sum, () => 1);
