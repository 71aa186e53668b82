import type * as tf from '@tensorflow/tfjs-core';
import type { ExplainMethodName } from '../engine/explain';

/** 'bcos' (a B-cos model's own explanation, W(x)·x) or any CAM method of `explain` by name. */
export type ExplainerName = 'bcos' | ExplainMethodName;

/** One way of explaining one model's decisions. */
export interface Explainer {
  readonly name: ExplainerName;
  /** For people, e.g. 'B-cos explanation', 'GradCAM'. */
  readonly label: string;
  /**
   * Explains `images` ([N, H, W, C]; the model's input unless the explainer was given `prepare`)
   * for `targets`, one class per image (default: each image's predicted class). The result owns
   * its tensors: dispose it, e.g. with `withExplanations`.
   */
  explain(images: tf.Tensor4D, targets?: readonly number[]): Promise<Explanations>;
}

/** What an explainer found for a batch of images; `dispose()` frees every tensor it holds. */
export interface Explanations {
  readonly name: ExplainerName;
  /** The explained class of each image. */
  readonly targets: readonly number[];
  /** The model's outputs [N, C]. */
  readonly logits: tf.Tensor2D;
  /**
   * Per image, the map [N, H, W] of the evidence for its target: B-cos the contributions W(x)·x
   * summed over channels (signed), a CAM its map in [0, 1].
   */
  readonly maps: tf.Tensor3D;
  /** Image `index`'s map drawn over `image` ([H, W, 3] in [0, 1]): a new [H, W, 3] picture in [0, 1]. */
  picture(index: number, image: tf.Tensor3D): tf.Tensor3D;
  dispose(): void;
}

/** Runs `use` on the explanations of `images` and disposes them afterwards, also when `use` throws. */
export async function withExplanations<T>(
  explainer: Explainer,
  images: tf.Tensor4D,
  targets: readonly number[] | undefined,
  use: (explanations: Explanations) => T | Promise<T>,
): Promise<T> {
  const explanations = await explainer.explain(images, targets);
  try {
    return await use(explanations);
  } finally {
    explanations.dispose();
  }
}
