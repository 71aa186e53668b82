import { type KernelConfig, type TensorInfo, Tile } from '@tensorflow/tfjs-core';
import { wasmHeap } from './wasm-heap';

type Values = Float32Array | Int32Array | Uint8Array;

/**
 * Fills the output block of dimension d at outOffset: each source slice once, then the whole block
 * copied reps[d] − 1 times with copyWithin (a memmove), so every output element is written once.
 */
function tileDim(
  src: Values,
  out: Values,
  shape: number[],
  reps: number[],
  d: number,
  srcOffset: number,
  outOffset: number,
  strides: { src: number[]; out: number[] },
) {
  const n = shape[d]!;
  if (d === shape.length - 1) {
    out.set(src.subarray(srcOffset, srcOffset + n), outOffset);
  } else {
    for (let i = 0; i < n; i++)
      tileDim(
        src,
        out,
        shape,
        reps,
        d + 1,
        srcOffset + i * strides.src[d]!,
        outOffset + i * strides.out[d]!,
        strides,
      );
  }
  const block = n * strides.out[d]!;
  for (let r = 1; r < reps[d]!; r++) out.copyWithin(outOffset + r * block, outOffset, outOffset + block);
}

function rowMajorStrides(shape: number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = strides[d + 1]! * shape[d + 1]!;
  return strides;
}

/**
 * The stock wasm Tile walks the output element by element through index arithmetic: it took 2.6 s
 * of a 17 s ResNet-18 training step (batch-norm gradients tile their per-channel terms).
 */
export const tileWasmConfig: KernelConfig = {
  kernelName: Tile,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x } = inputs as { x: TensorInfo };
    const { reps } = attrs as unknown as { reps: number[] };
    const outShape = x.shape.map((size, d) => size * reps[d]!);
    const heap = wasmHeap(backend);
    const out = heap.allocate(outShape, x.dtype);
    if (outShape.some((size) => size === 0)) return out;
    if (x.shape.length === 0) {
      heap.view(out).set(heap.view(x));
      return out;
    }
    const strides = { src: rowMajorStrides(x.shape), out: rowMajorStrides(outShape) };
    tileDim(heap.view(x), heap.view(out), x.shape, reps, 0, 0, 0, strides);
    return out;
  },
};
