import { createRng, type Rng, type Transform, toFloat } from '@bcos/augment';
import { encodeImage } from '@bcos/layers';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/** How images in [0, 1] become the model's input: as they are, or B-cos' 6-channel encoding. */
export type InputEncoding = 'rgb' | 'bcos';

/** 'bcos' when the model takes twice the dataset's three channels (the `encodeImage` encoding). */
export function detectEncoding(
  model: LayersModel,
  imageShape: readonly [number, number, number],
): InputEncoding {
  const inputShape = model.inputs[0]?.shape;
  if (inputShape?.length !== 4)
    throw new Error(
      `model ${model.name}: expected one image input [N, H, W, C], got ${JSON.stringify(model.inputs.map((i) => i.shape))}`,
    );
  const [, height, width, channels] = inputShape;
  const [h, w, c] = imageShape;
  if ((height !== null && height !== h) || (width !== null && width !== w))
    throw new Error(`model ${model.name} takes ${height}×${width} images, but the dataset's are ${h}×${w}`);
  if (channels === c) return 'rgb';
  if (c === 3 && channels === 6) return 'bcos';
  throw new Error(`model ${model.name} takes ${channels} channels, but the dataset's images have ${c}`);
}

export interface InputPipelineOptions {
  /** Training-time transform on float32 batches in [0, 1] (e.g. cifarTrainAugment). */
  augment?: Transform;
  /** Evaluation-time transform on float32 batches in [0, 1] (e.g. normalize with the augment's mean/std). */
  evalTransform?: Transform;
  encoding: InputEncoding;
}

/** Dataset batch (int32 0..255 or float32 in [0, 1]) → model input. */
export class InputPipeline {
  private readonly toFloat = toFloat();
  /** Evaluation transforms draw nothing, but the Transform contract still hands them a generator. */
  private readonly evalRng = createRng(0);
  constructor(private readonly options: InputPipelineOptions) {}

  get encoding(): InputEncoding {
    return this.options.encoding;
  }

  get evalTransform(): Transform | undefined {
    return this.options.evalTransform;
  }

  /** `rng` drives the augmentation; without it (evaluation) the eval transform applies. */
  prepare(images: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    return tf.tidy(() => {
      // Float batches are already in [0, 1]; only int32 bytes are rescaled.
      const generator = rng ?? this.evalRng;
      const float = images.dtype === 'int32' ? this.toFloat.apply(images, generator) : images;
      const transform = rng ? this.options.augment : this.options.evalTransform;
      const transformed = transform ? transform.apply(float, generator) : float;
      return this.options.encoding === 'bcos' ? encodeImage(transformed) : transformed;
    });
  }
}
