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
 * forward pass on one thread; it stays serial however many threads run). Where the kernel threads
 * share the work, this one normalises rows over the heap (batch-norm-loop.ts) split over them,
 * bitwise as the C loop. One thread's part alone is no faster in JavaScript than the C loop, so
 * tensors too small to split, one thread, and parameters of another size than 1 or the channel
 * count go to the stock kernel.
 */
export const fusedBatchNormWasmConfig: KernelConfig = {
  kernelName: FusedBatchNorm,
  backendName: 'wasm',
  kernelFunc: (args) => {
    const { x, mean, variance, scale, offset } = args.inputs as Parameters & { x: TensorInfo };
    const { varianceEpsilon } = args.attrs as NamedAttrMap & { varianceEpsilon: number };
    const heap = wasmHeap(args.backend);
    const channels = x.shape.at(-1) ?? 1;
    const inputs = [x, mean!, variance!, scale, offset];
    const float = inputs.every((t) => t === undefined || t.dtype === 'float32');
    const size = util.sizeFromShape(x.shape);
    const view = (t: TensorInfo | undefined) => (t ? (heap.view(t) as Float32Array) : undefined);
    const pool = heapParallelFor(args.backend);
    const rows = size / channels;
    const minRows = Math.ceil(MIN_ELEMENTS_PER_PART / channels);
    const split = float && size > 0 && pool.parts(rows, minRows) > 1;
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
    const loopArgs = [heap.view(x).byteOffset, heap.view(out).byteOffset, channels, tableView.byteOffset];
    pool.run('batchNorm', tableView.buffer, loopArgs, rows, minRows);
    (args.backend as KernelBackend).disposeData(tableTensor.dataId);
    return out;
  },
};
