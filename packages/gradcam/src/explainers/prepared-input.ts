import type * as tf from '@tensorflow/tfjs-core';

/** How the caller's images become the model's input (e.g. an input pipeline's `prepare`); default: as they are. */
export type PrepareInput = (images: tf.Tensor4D) => tf.Tensor4D;

/** Runs `run` on the model's input made from `images`, disposing that input when it is a new tensor. */
export async function withPreparedInput<T>(
  images: tf.Tensor4D,
  prepare: PrepareInput | undefined,
  run: (input: tf.Tensor4D) => Promise<T>,
): Promise<T> {
  const input = prepare ? prepare(images) : images;
  try {
    return await run(input);
  } finally {
    if (input !== images) input.dispose();
  }
}

/** Image `index` of a batch of `count`, checked (`owner` names the result in the error). */
export function checkIndex(owner: string, index: number, count: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= count)
    throw new Error(`${owner}: image index ${index} is not one of the ${count} explained images`);
}
