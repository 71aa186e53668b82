import {
  Equal,
  type GradConfig,
  Greater,
  Less,
  LessEqual,
  NotEqual,
  type Tensor,
  zerosLike,
} from '@tensorflow/tfjs-core';

/**
 * Comparisons are piecewise constant: zero gradient to both inputs. tfjs-core registers this for
 * GreaterEqual only; the others appear in second-order gradients (Relu6's gradient compares, and
 * ShapleyCAM differentiates gradients) and in converted graphs.
 */
export const comparisonGradConfigs: GradConfig[] = [Less, LessEqual, Greater, Equal, NotEqual].map(
  (kernelName) => ({
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy: Tensor | Tensor[], [a, b]: Tensor[]) => ({
      a: () => zerosLike(a!),
      b: () => zerosLike(b!),
    }),
  }),
);
