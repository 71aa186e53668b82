import { Mean } from '@tensorflow/tfjs-core';
import { leadingAxesReduction } from './reduce-leading-axes';

export const meanWasmConfig = leadingAxesReduction(Mean, (rows) => 1 / rows);
