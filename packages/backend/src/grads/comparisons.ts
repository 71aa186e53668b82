import {
  Equal,
  type GradConfig,
  Greater,
  Less,
  LessEqual,
  LogicalAnd,
  LogicalOr,
  NotEqual,
  type Tensor,
  zeros,
} from '@tensorflow/tfjs-core';

/**
 * Comparisons (and the logic combining them) are piecewise constant: zero gradient to both inputs.
 * tfjs-core registers this for GreaterEqual only; the others appear in second-order gradients
 * (Relu6's gradient compares and ANDs, and ShapleyCAM differentiates gradients) and in converted graphs.
 */
export const comparisonGradConfigs: GradConfig[] = [
  Less,
  LessEqual,
  Greater,
  Equal,
  NotEqual,
  LogicalAnd,
  LogicalOr,
].map((kernelName) => ({
  kernelName,
  inputsToSave: ['a', 'b'],
  gradFunc: (_dy: Tensor | Tensor[], [a, b]: Tensor[]) => ({
    // float32 zeros: tfjs requires float gradients, also for the bool inputs of LogicalAnd/Or.
    a: () => zeros(a!.shape),
    b: () => zeros(b!.shape),
  }),
}));
