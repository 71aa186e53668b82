import { type KernelConfig, type TensorInfo, Tile } from '@tensorflow/tfjs-core';
import { type BlockValues, tileValues } from '../shared/block-copy';
import { requireStock } from '../stock-kernels';
import type { CpuBackend } from './cpu-backend';

/**
 * Tile by block copies (strings and complex numbers: the stock kernel); batch-norm gradients tile
 * their per-channel terms.
 */
export const tileCpuConfig: KernelConfig = {
  kernelName: Tile,
  backendName: 'cpu',
  kernelFunc: (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string' || x.dtype === 'complex64') return requireStock(Tile, 'cpu').kernelFunc(args);
    const { reps } = args.attrs as unknown as { reps: number[] };
    const backend = args.backend as CpuBackend;
    const src = backend.data.get(x.dataId).values as BlockValues;
    const outShape = x.shape.map((size, d) => size * reps[d]!);
    const out = new (src.constructor as new (n: number) => BlockValues)(outShape.reduce((a, b) => a * b, 1));
    if (out.length > 0) tileValues(src, out, x.shape, reps);
    return backend.makeTensorInfo(outShape, x.dtype, out);
  },
};
