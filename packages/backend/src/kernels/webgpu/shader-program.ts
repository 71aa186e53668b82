import type { DataId, DataType, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * The part of tfjs-backend-webgpu's `WebGPUProgram` our programs fill. `getUserCode` returns WGSL
 * that the backend prefixes with the inputs (`var<storage, read> <name>: array<f32>`), `result`,
 * `uniforms` and the builtins `localId`, `workgroupId`.
 */
export interface ShaderProgram {
  variableNames: string[];
  outputShape: number[];
  /** Programs are compiled once per key; ours bake their geometry into the WGSL, so the key names it. */
  shaderKey: string;
  dispatchLayout: { x: number[]; y?: number[]; z?: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  size?: boolean;
  getUserCode(): string;
}

/** The WebGPUBackend methods project kernels call. */
export interface WebGPUBackendLike {
  runWebGPUProgram(program: ShaderProgram, inputs: TensorInfo[], outputDtype: DataType): TensorInfo;
  disposeData(dataId: DataId): boolean;
}

/** A layout that makes the backend call `main(index)` with the flat output index. */
export function flatLayout(rank: number): { x: number[] } {
  return { x: Array.from({ length: rank }, (_, i) => i) };
}
