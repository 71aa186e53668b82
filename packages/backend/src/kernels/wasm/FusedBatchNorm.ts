import {
  FusedBatchNorm,
  type KernelBackend,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { requireStock } from '../stock-kernels';
import { heapParallelFor } from './parallel-for';
import { wasmHeap } from './wasm-heap';

/** The least work (elements normalised) worth handing to another thread. */
const MIN_ELEMENTS_PER_PART = 1 << 15;
/** How much slower the JavaScript loop runs than the C loop per element (1.2–2.7 measured on a busy machine). */
const LOOP_COST = 1.5;

interface WasmBackendInternals {
  dataIdMap: { get(dataId: object): { id: number } | undefined };
  dataIdNextNumber: number;
  wasm: {
    cwrap(name: string, returns: null, args: string[]): (...args: number[]) => void;
    tfjs: { registerTensor(id: number, size: number, offset: number): void; disposeData(id: number): void };
  };
}

const cBatchNorms = new WeakMap<object, (...args: number[]) => void>();

/**
 * The stock C loop on rows [0, rows) of x into out (both given by heap byte offsets): it reads
 * tensors by id, so the leading rows of x and out are registered as tensors of their own for the call.
 */
function cBatchNormRows(
  backend: unknown,
  inputs: Parameters,
  epsilon: number,
  x: number,
  out: number,
  size: number,
) {
  const internals = backend as WasmBackendInternals;
  let cBatchNorm = cBatchNorms.get(internals.wasm);
  if (!cBatchNorm) {
    cBatchNorm = internals.wasm.cwrap(FusedBatchNorm, null, Array(7).fill('number'));
    cBatchNorms.set(internals.wasm, cBatchNorm);
  }
  const idOf = (t: TensorInfo | undefined) => (t ? internals.dataIdMap.get(t.dataId)!.id : 0);
  const [xId, outId] = [internals.dataIdNextNumber++, internals.dataIdNextNumber++];
  internals.wasm.tfjs.registerTensor(xId, size, x);
  internals.wasm.tfjs.registerTensor(outId, size, out);
  try {
    const { mean, variance, offset, scale } = inputs;
    cBatchNorm(xId, idOf(mean), idOf(variance), idOf(offset), idOf(scale), epsilon, outId);
  } finally {
    internals.wasm.tfjs.disposeData(xId);
    internals.wasm.tfjs.disposeData(outId);
  }
}

type Parameters = Partial<Record<'mean' | 'variance' | 'scale' | 'offset', TensorInfo>>;

/** Each parameter as one value per channel (a single value repeated), or undefined if one has another size. */
function perChannel(values: Array<Float32Array | undefined>, channels: number): Float32Array[] | undefined {
  if (values.some((v) => v !== undefined && v.length !== 1 && v.length !== channels)) return undefined;
  return values.map((v) =>
    v?.length === channels ? v.slice() : new Float32Array(channels).fill(v?.[0] ?? 0),
  );
}

/**
 * The stock wasm FusedBatchNorm is a scalar C loop on one thread (6% of an ImageNet ResNet-18's
 * forward pass on one thread; it stays serial however many threads run). Where there are several
 * threads, this one runs that C loop on the leading rows on the calling thread while the workers
 * normalise the other rows over the heap (batch-norm-loop.ts, bitwise as the C loop), the rows shared
 * so that both finish together. One thread, tensors too small to split, and parameters of another
 * size than 1 or the channel count go to the stock kernel.
 */
export const fusedBatchNormWasmConfig: KernelConfig = {
  kernelName: FusedBatchNorm,
  backendName: 'wasm',
  kernelFunc: (args) => {
    const inputs = args.inputs as Parameters & { x: TensorInfo };
    const { x, mean, variance, scale, offset } = inputs;
    const { varianceEpsilon } = args.attrs as NamedAttrMap & { varianceEpsilon: number };
    const heap = wasmHeap(args.backend);
    const channels = x.shape.at(-1) ?? 1;
    const float = [x, mean, variance, scale, offset].every((t) => t === undefined || t.dtype === 'float32');
    const size = util.sizeFromShape(x.shape);
    const view = (t: TensorInfo | undefined) => (t ? (heap.view(t) as Float32Array) : undefined);
    const pool = heapParallelFor(args.backend);
    const rows = size / channels;
    const split = float && size > 0 && pool.parts(rows, Math.ceil(MIN_ELEMENTS_PER_PART / channels)) > 1;
    const table = split ? perChannel([mean, variance, scale, offset].map(view), channels) : undefined;
    if (!table) return requireStock(FusedBatchNorm, 'wasm').kernelFunc(args);
    const [meanRow, varianceRow, scaleRow, offsetRow] = table as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    if (scale === undefined) scaleRow.fill(1);
    const epsilon = Math.fround(varianceEpsilon);
    const factorRow = varianceRow.map((v) => Math.sqrt(Math.fround(v + epsilon)));
    const out = heap.allocate([...x.shape], 'float32');
    const tableTensor = heap.allocate([4 * channels], 'float32');
    const tableView = heap.view(tableTensor) as Float32Array;
    for (const [k, row] of [meanRow, scaleRow, factorRow, offsetRow].entries())
      for (let c = 0; c < channels; c++) tableView[4 * c + k] = row[c]!;
    const [xAt, outAt] = [heap.view(x).byteOffset, heap.view(out).byteOffset];
    const cRows = Math.round((rows * LOOP_COST) / (LOOP_COST + pool.threads - 1));
    pool.runBeside('batchNorm', [xAt, outAt, channels, tableView.byteOffset], cRows, rows, () =>
      cBatchNormRows(args.backend, inputs, varianceEpsilon, xAt, outAt, cRows * channels),
    );
    (args.backend as KernelBackend).disposeData(tableTensor.dataId);
    return out;
  },
};
