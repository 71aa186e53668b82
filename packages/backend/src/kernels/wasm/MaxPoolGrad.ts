import type { backend_util, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { MaxPoolGrad } from '@tensorflow/tfjs-core';
import { maxPoolGradInfo } from '../shared/max-pool-info';
import { wasmOps } from './wasm-memory';

/** dx: each output pixel's dy added at the first largest input of its window (as on cpu). */
function maxPoolBackprop(x: Float32Array, dy: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, padInfo } = info;
  const dx = new Float32Array(x.length);
  for (let b = 0; b < batchSize; b++)
    for (let oh = 0; oh < outHeight; oh++)
      for (let ow = 0; ow < outWidth; ow++)
        for (let c = 0; c < channels; c++) {
          let best = -1;
          let bestValue = Number.NEGATIVE_INFINITY;
          for (let i = 0; i < info.filterHeight; i++) {
            const ih = oh * info.strideHeight - padInfo.top + i;
            if (ih < 0 || ih >= inHeight) continue;
            for (let j = 0; j < info.filterWidth; j++) {
              const iw = ow * info.strideWidth - padInfo.left + j;
              if (iw < 0 || iw >= inWidth) continue;
              const index = ((b * inHeight + ih) * inWidth + iw) * channels + c;
              if (x[index]! > bestValue || best < 0) [best, bestValue] = [index, x[index]!];
            }
          }
          if (best >= 0) dx[best]! += dy[((b * outHeight + oh) * outWidth + ow) * channels + c]!;
        }
  return dx;
}

/**
 * tfjs-backend-wasm 4.22's MaxPoolGrad sends the gradient to the wrong input when the window
 * overlaps the padding (e.g. a 3×3 `same` pool of negative values puts it at the window's
 * corner): a wrong Grad-CAM in front of every padded max pool.
 */
export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const info = maxPoolGradInfo(input, attrs as NamedAttrMap);
    const ops = wasmOps(backend);
    const dx = maxPoolBackprop(ops.view(input), ops.view(dy), info);
    const output = ops.allocate([...input.shape]);
    ops.view(output).set(dx);
    return output;
  },
};
