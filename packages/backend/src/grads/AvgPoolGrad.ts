import {
  AvgPoolGrad,
  type AvgPoolGradAttrs,
  backend_util,
  type GradConfig,
  type NamedAttrMap,
  type Tensor,
  type Tensor4D,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { windowSum } from './window-sum';

/**
 * tfjs' AvgPoolGrad spreads each window's dy evenly over the whole window (dy / window size), linearly
 * in dy: its gradient with respect to dy is each window's sum of ddx / window size; the pooled input
 * only gives the shape. Second-order gradients (ShapleyCAM) through an average pool need it.
 */
export const avgPoolGradGradConfig: GradConfig = {
  kernelName: AvgPoolGrad,
  inputsToSave: ['input'],
  gradFunc: (ddx: Tensor | Tensor[], [input]: Tensor[], attrs: NamedAttrMap) => {
    const window = attrs as unknown as AvgPoolGradAttrs;
    const info = backend_util.computePool2DInfo(
      input!.shape as Tensor4D['shape'],
      window.filterSize,
      window.strides,
      1,
      window.pad,
    );
    return {
      dy: () => windowSum(ddx as Tensor4D, window, 1 / (info.filterHeight * info.filterWidth)),
      input: () => zerosLike(input!),
    };
  },
};
