import type * as tf from '@tensorflow/tfjs-core';

/** The one tensor a single-input layer was called with. */
export function singleInput(owner: string, inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (!Array.isArray(inputs)) return inputs;
  if (inputs.length !== 1) throw new Error(`${owner}: expected one input tensor, got ${inputs.length}`);
  return inputs[0]!;
}

/** Fails unless `x` has rank `rank`, naming the layer and the layout it expects. */
export function expectRank(owner: string, shape: ReadonlyArray<number | null>, rank: number, layout: string) {
  if (shape.length !== rank) {
    throw new Error(`${owner}: expected a ${rank}D input ${layout}, got shape [${shape.join(', ')}]`);
  }
}
