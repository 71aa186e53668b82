import {
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  depthwiseConv2d,
  engine,
  type GradConfig,
  type NamedAttrMap,
  type Tensor,
  type Tensor4D,
} from '@tensorflow/tfjs-core';

/**
 * The input gradient of a depthwise convolution is linear in dy and in the filter: its gradient
 * with respect to dy is the forward convolution of ddx, with respect to the filter the filter
 * gradient of ddx as input (as tfjs-core's Conv2DBackpropInput gradient). ShapleyCAM's second-order
 * gradient through MobileNets' depthwise convolutions needs it; tfjs-core registers none.
 */
export const depthwiseBackpropInputGradConfig: GradConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  inputsToSave: ['dy', 'filter'],
  gradFunc: (ddx: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [dy, filter] = saved as [Tensor4D, Tensor4D];
    const { strides, pad, dilations, dimRoundingMode } =
      attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    return {
      dy: () => depthwiseConv2d(ddx as Tensor4D, filter, strides, pad, 'NHWC', dilations, dimRoundingMode),
      filter: () =>
        engine().runKernel(DepthwiseConv2dNativeBackpropFilter, { x: ddx as Tensor4D, dy }, {
          strides,
          pad,
          dilations,
          dimRoundingMode,
          filterShape: filter.shape,
        } as unknown as NamedAttrMap) as Tensor4D,
    };
  },
};
