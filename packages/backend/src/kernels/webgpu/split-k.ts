import type { TensorInfo } from '@tensorflow/tfjs-core';
import { flatLayout, type ShaderProgram, type WebGPUBackendLike } from './shader-program';

export interface GemmTile {
  rows: number;
  columns: number;
  depth: number;
}

/** Enough workgroups for several waves on the largest GPUs (an H100 has 132 SMs). */
const TARGET_WORKGROUPS = 528;
/** A split shorter than this spends more on its partial sum than on multiply-adds. */
const MIN_DEPTH_PER_SPLIT = 256;
/** Cap on the partial sums buffer (splits × rows × columns floats): 256 MiB. */
const MAX_PARTIAL_ELEMENTS = 1 << 26;

/**
 * How many slices of the reduction axis a [rows × depth]·[depth × columns] GEMM is cut into, so
 * that a small output (a 3×3×64×64 filter gradient: 9 tiles) still gives every SM work.
 */
export function splitCount(rows: number, columns: number, depth: number, tile: GemmTile): number {
  const tiles = Math.ceil(rows / tile.rows) * Math.ceil(columns / tile.columns);
  const wanted = Math.ceil(TARGET_WORKGROUPS / tiles);
  const byDepth = Math.floor(depth / MIN_DEPTH_PER_SPLIT);
  const byMemory = Math.floor(MAX_PARTIAL_ELEMENTS / (rows * columns));
  return Math.max(1, Math.min(wanted, byDepth, byMemory));
}

/** Reduction-axis elements each split covers: a whole number of tiles. */
export function depthPerSplit(depth: number, splits: number, tileDepth: number): number {
  return Math.ceil(depth / splits / tileDepth) * tileDepth;
}

function splitSumProgram(splits: number, outputShape: number[]): ShaderProgram {
  const size = outputShape.reduce((a, b) => a * b, 1);
  const workgroupSize: [number, number, number] = [64, 1, 1];
  return {
    variableNames: ['partial'],
    outputShape,
    shaderKey: `bcosSplitSum_${splits}`,
    dispatchLayout: flatLayout(outputShape.length),
    dispatch: [Math.ceil(size / workgroupSize[0]), 1, 1],
    workgroupSize,
    size: true,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          var total = 0.0;
          for (var s = 0; s < ${splits}; s++) {
            total = total + partial[s * uniforms.size + index];
          }
          setOutputAtIndex(index, total);
        }
      }`,
  };
}

/** Sums `partial` [splits, …] over its first axis in a fixed order (deterministic), shaped `outputShape`. */
export function sumSplits(
  backend: WebGPUBackendLike,
  partial: TensorInfo,
  splits: number,
  outputShape: number[],
): TensorInfo {
  return backend.runWebGPUProgram(splitSumProgram(splits, outputShape), [partial], 'float32');
}
