import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';

interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The pooling geometry of a MaxPoolGrad call, from its input's shape and its attributes. */
export function maxPoolGradInfo(input: TensorInfo, attrs: NamedAttrMap): backend_util.Conv2DInfo {
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
  return backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
}
