import { type KernelConfig, MaxPoolGrad, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { maxPoolGradInfo } from '../shared/max-pool-info';
import { flatLayout, type WebGPUBackendLike } from './shader-program';

const WORKGROUP = 64;

/**
 * tfjs-backend-webgpu 4.22's MaxPoolGrad sends a window's gradient to the **last** of several equal
 * largest inputs; cpu, wasm and PyTorch send it to the first. Ties are common (a ReLU's zeros, a
 * ReLU6's sixes), so elementwise-gradient CAMs (HiResCAM, LayerCAM…) in front of a max pool differed
 * on webgpu by up to 10% of their largest value. One dispatch: each input pixel adds the dy of every
 * window covering it whose first largest input it is.
 */
export const maxPoolGradWebgpuConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'webgpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const info = maxPoolGradInfo(input, attrs as NamedAttrMap);
    const { inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth } = info;
    const { filterHeight, filterWidth } = info;
    const { top, left } = info.padInfo;
    const geometry = [inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth];
    const key = [...geometry, filterHeight, filterWidth, top, left].join('_');
    const size = input.shape.reduce((a, b) => a * b, 1);
    return (backend as WebGPUBackendLike).runWebGPUProgram(
      {
        variableNames: ['dy', 'x'],
        outputShape: [...input.shape],
        shaderKey: `bcosMaxPoolGrad_${key}`,
        dispatchLayout: flatLayout(input.shape.length),
        dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
        workgroupSize: [WORKGROUP, 1, 1],
        size: true,
        getUserCode: () => `
      fn firstLargest(n : i32, oy : i32, ox : i32, d : i32) -> vec2<i32> {
        var best = vec2<i32>(-1, -1);
        var bestValue = 0.0;
        for (var i = 0; i < ${filterHeight}; i++) {
          let r = oy * ${strideHeight} - ${top} + i;
          if (r < 0 || r >= ${inHeight}) { continue; }
          for (var j = 0; j < ${filterWidth}; j++) {
            let c = ox * ${strideWidth} - ${left} + j;
            if (c < 0 || c >= ${inWidth}) { continue; }
            let value = x[((n * ${inHeight} + r) * ${inWidth} + c) * ${inChannels} + d];
            if (best.x < 0 || value > bestValue) {
              best = vec2<i32>(r, c);
              bestValue = value;
            }
          }
        }
        return best;
      }

      fn main(index : i32) {
        if (index < uniforms.size) {
          let d = index % ${inChannels};
          let c = (index / ${inChannels}) % ${inWidth};
          let r = (index / ${inChannels * inWidth}) % ${inHeight};
          let n = index / ${inChannels * inWidth * inHeight};
          let fromY = max(0, (r + ${top} - ${filterHeight} + ${strideHeight}) / ${strideHeight});
          let toY = min(${outHeight - 1}, (r + ${top}) / ${strideHeight});
          let fromX = max(0, (c + ${left} - ${filterWidth} + ${strideWidth}) / ${strideWidth});
          let toX = min(${outWidth - 1}, (c + ${left}) / ${strideWidth});
          var sum = 0.0;
          for (var oy = fromY; oy <= toY; oy++) {
            for (var ox = fromX; ox <= toX; ox++) {
              if (all(firstLargest(n, oy, ox, d) == vec2<i32>(r, c))) {
                sum += dy[((n * ${outHeight} + oy) * ${outWidth} + ox) * ${inChannels} + d];
              }
            }
          }
          setOutputAtIndex(index, sum);
        }
      }`,
      },
      [dy, input],
      'float32',
    );
  },
};
