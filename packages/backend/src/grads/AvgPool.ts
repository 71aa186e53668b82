import {
  AvgPool,
  type AvgPoolAttrs,
  AvgPoolGrad,
  backend_util,
  engine,
  type GradConfig,
  mul,
  type NamedAttrMap,
  type Tensor,
  type Tensor4D,
  tensor4d,
  tidy,
} from '@tensorflow/tfjs-core';

/**
 * Per output pixel, (window size) / (window taps inside the input): an average pool with `same`
 * or explicit padding divides by the taps inside, tfjs' AvgPoolGrad kernels by the whole window.
 */
function insideTapScale(info: backend_util.Conv2DInfo): Tensor4D {
  const { outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const inside = (start: number, size: number, limit: number) =>
    Math.min(start + size, limit) - Math.max(start, 0);
  const scale = new Float32Array(outHeight * outWidth);
  for (let oh = 0; oh < outHeight; oh++) {
    const rows = inside(oh * strideHeight - padInfo.top, filterHeight, info.inHeight);
    for (let ow = 0; ow < outWidth; ow++) {
      const cols = inside(ow * strideWidth - padInfo.left, filterWidth, info.inWidth);
      scale[oh * outWidth + ow] = (filterHeight * filterWidth) / (rows * cols);
    }
  }
  return tensor4d(scale, [1, outHeight, outWidth, 1]);
}

/**
 * tfjs-core 4.22's AvgPool gradient is wrong at the borders of a padded pool (its forward averages
 * the taps inside the input, its gradient spreads dy over the whole window): every layer in front
 * of an Inception block's 3×3 `same` average pool got a wrong gradient. dy is rescaled first.
 */
export const avgPoolGradConfig: GradConfig = {
  kernelName: AvgPool,
  inputsToSave: ['x'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x] = saved as [Tensor4D];
    const { filterSize, strides, pad } = attrs as unknown as AvgPoolAttrs;
    return {
      x: () =>
        tidy(() => {
          const info = backend_util.computePool2DInfo(x.shape, filterSize, strides, 1, pad);
          const scaled = mul(dy as Tensor4D, insideTapScale(info));
          return engine().runKernel(
            AvgPoolGrad,
            { dy: scaled, input: x },
            { filterSize, strides, pad },
          ) as Tensor;
        }),
    };
  },
};
