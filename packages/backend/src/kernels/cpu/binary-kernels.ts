import {
  Add,
  type KernelConfig,
  Maximum,
  Minimum,
  Multiply,
  RealDiv,
  SquaredDifference,
  Sub,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { broadcastPlan, forEachRow } from '../shared/broadcast-plan';
import { requireStock } from '../stock-kernels';
import { type CpuBackend, floatValues } from './cpu-backend';

type FloatBinaryOp =
  | typeof Add
  | typeof Sub
  | typeof Multiply
  | typeof RealDiv
  | typeof Maximum
  | typeof Minimum
  | typeof SquaredDifference;

/**
 * One row of a float32 binary op: out[o + i] = op(a[ao + i·sa], b[bo + i·sb]). Each op has its own
 * loop, so that the arithmetic is inlined rather than a call per element (the stock kernels share
 * one loop that calls the op, and on broadcast operands build index arrays per element: 15–200 ns
 * an element).
 */
function rowOf(kernelName: FloatBinaryOp) {
  return (
    out: Float32Array,
    o: number,
    n: number,
    a: Float32Array,
    ao: number,
    sa: number,
    b: Float32Array,
    bo: number,
    sb: number,
  ) => {
    switch (kernelName) {
      case Add:
        for (let i = 0; i < n; i++) out[o + i] = a[ao + i * sa]! + b[bo + i * sb]!;
        return;
      case Sub:
        for (let i = 0; i < n; i++) out[o + i] = a[ao + i * sa]! - b[bo + i * sb]!;
        return;
      case Multiply:
        for (let i = 0; i < n; i++) out[o + i] = a[ao + i * sa]! * b[bo + i * sb]!;
        return;
      case RealDiv:
        for (let i = 0; i < n; i++) out[o + i] = a[ao + i * sa]! / b[bo + i * sb]!;
        return;
      case Maximum:
        for (let i = 0; i < n; i++) out[o + i] = Math.max(a[ao + i * sa]!, b[bo + i * sb]!);
        return;
      case Minimum:
        for (let i = 0; i < n; i++) out[o + i] = Math.min(a[ao + i * sa]!, b[bo + i * sb]!);
        return;
      case SquaredDifference:
        for (let i = 0; i < n; i++) {
          const d = a[ao + i * sa]! - b[bo + i * sb]!;
          out[o + i] = d * d;
        }
        return;
    }
  };
}

/** A float32 binary op with numpy broadcasting; other dtypes (int32, complex64): the stock kernel. */
function floatBinaryCpuConfig(kernelName: FloatBinaryOp): KernelConfig {
  const row = rowOf(kernelName);
  return {
    kernelName,
    backendName: 'cpu',
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      if (a.dtype !== 'float32' || b.dtype !== 'float32')
        return requireStock(kernelName, 'cpu').kernelFunc(args);
      const backend = args.backend as CpuBackend;
      const plan = broadcastPlan(a.shape, b.shape);
      const out = new Float32Array(plan.outShape.reduce((x, y) => x * y, 1));
      if (out.length > 0) {
        const aValues = floatValues(backend, a);
        const bValues = floatValues(backend, b);
        const last = plan.shape.length - 1;
        const [n, sa, sb] = [plan.shape[last]!, plan.aStrides[last]!, plan.bStrides[last]!];
        forEachRow(plan, (o, ao, bo) => row(out, o, n, aValues, ao, sa, bValues, bo, sb));
      }
      return backend.makeTensorInfo(plan.outShape, 'float32', out);
    },
  };
}

/** Add, Sub, Multiply, RealDiv, Maximum, Minimum and SquaredDifference of float32 tensors. */
export const floatBinaryCpuConfigs: readonly KernelConfig[] = (
  [Add, Sub, Multiply, RealDiv, Maximum, Minimum, SquaredDifference] as const
).map(floatBinaryCpuConfig);
