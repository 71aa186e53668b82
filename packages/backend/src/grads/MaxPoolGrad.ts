import {
  add,
  backend_util,
  engine,
  type GradConfig,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  mul,
  type NamedAttrMap,
  onesLike,
  type Tensor,
  type Tensor4D,
  tensor4d,
  tidy,
  zerosLike,
} from '@tensorflow/tfjs-core';
import { windowSum } from './window-sum';

/** [1, outH, outW, 1]: 1 at the windows (oh, ow) with oh ≡ row and ow ≡ col modulo the group steps. */
function windowGroup(outHeight: number, outWidth: number, steps: [number, number], row: number, col: number) {
  const mask = new Float32Array(outHeight * outWidth);
  for (let oh = row; oh < outHeight; oh += steps[0])
    for (let ow = col; ow < outWidth; ow += steps[1]) mask[oh * outWidth + ow] = 1;
  return tensor4d(mask, [1, outHeight, outWidth, 1]);
}

/**
 * MaxPoolGrad routes each window's dy to the window's maximum, linearly in dy: its gradient with
 * respect to dy reads ddx back at those positions (TF's MaxPoolGradGrad); with respect to the pooled
 * input and output it is zero (which element is the maximum is piecewise constant). ShapleyCAM's
 * second-order gradient through a max pool needs it; tfjs-core registers none. The positions are
 * the ones MaxPoolGrad itself picks (ties broken as the backend breaks them): windows that do not
 * overlap are probed together (MaxPoolGrad of a 1 in each marks their maxima) and each sums ddx
 * over its marked taps.
 */
export const maxPoolGradGradConfig: GradConfig = {
  kernelName: MaxPoolGrad,
  inputsToSave: ['dy', 'input', 'output'],
  gradFunc: (ddx: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [dy, input, output] = saved as [Tensor4D, Tensor4D, Tensor4D];
    const window = attrs as unknown as MaxPoolGradAttrs;
    return {
      dy: () =>
        tidy(() => {
          const info = backend_util.computePool2DInfo(
            input.shape,
            window.filterSize,
            window.strides,
            1,
            window.pad,
            window.dimRoundingMode,
          );
          // Windows `steps` apart along each axis do not overlap.
          const steps: [number, number] = [
            Math.ceil(info.filterHeight / info.strideHeight),
            Math.ceil(info.filterWidth / info.strideWidth),
          ];
          let gradient = zerosLike(dy) as Tensor4D;
          for (let row = 0; row < steps[0]; row++) {
            for (let col = 0; col < steps[1]; col++) {
              const group = windowGroup(info.outHeight, info.outWidth, steps, row, col);
              const probe = mul(onesLike(dy), group);
              const maxima = engine().runKernel(MaxPoolGrad, { dy: probe, input, output }, attrs) as Tensor4D;
              const read = windowSum(mul(ddx as Tensor4D, maxima), window);
              gradient = add(gradient, mul(read, group));
            }
          }
          return gradient;
        }),
      input: () => zerosLike(input),
      output: () => zerosLike(output),
    };
  },
};
