import {
  type ContributionPictureOptions,
  compositeOver,
  contributionMapPicture,
  explain,
  explanationSwitches,
  type RgbaOptions,
} from '@bcos/layers';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Explainer, Explanations } from './explainer';
import { checkIndex, type PrepareInput, withPreparedInput } from './prepared-input';

export interface BcosExplainerOptions extends RgbaOptions, ContributionPictureOptions {
  prepare?: PrepareInput;
}

/** A B-cos model's explanations: its contributions, and also its own colouring of W(x). */
export interface BcosExplanations extends Explanations {
  readonly name: 'bcos';
  /** The B-cos colouring of W(x) (`explanationToRgba`), [N, H, W, 4]. */
  readonly rgba: tf.Tensor4D;
  /** B-cos' own picture of image `index`: the colours of W(x) where it contributes, over `image`. */
  colours(index: number, image: tf.Tensor3D): tf.Tensor3D;
  /** Image `index`'s contribution map alone as RGBA [H, W, 4] (`contributionMapPicture`). */
  contributionPicture(index: number): tf.Tensor3D;
}

export interface BcosExplainer extends Explainer {
  readonly name: 'bcos';
  explain(images: tf.Tensor4D, targets?: readonly number[]): Promise<BcosExplanations>;
}

const OWNER = 'bcos explanations';

/** Whether `model` has B-cos layers, so that its input gradient is its own explanation W(x). */
export function isBcosModel(model: unknown): model is LayersModel {
  return explanationSwitches(model).length > 0;
}

/** The B-cos explanation of `model` (a B-cos model taking the 6-channel encoding): the contribution W(x)·x of every pixel. */
export function bcosExplainer(model: LayersModel, options: BcosExplainerOptions = {}): BcosExplainer {
  const { prepare, percentile, ...rgbaOptions } = options;
  const pictureOptions = percentile === undefined ? {} : { percentile };
  return {
    name: 'bcos',
    label: 'B-cos explanation',
    explain: (images, targets) =>
      withPreparedInput(images, prepare, async (input) => {
        const found = await explain(model, input, {
          ...rgbaOptions,
          ...(targets ? { classIndex: [...targets] } : {}),
        });
        found.weights.dispose();
        return bcosExplanations(found, pictureOptions);
      }),
  };
}

function bcosExplanations(
  found: { logits: tf.Tensor2D; classIndex: number[]; contributions: tf.Tensor3D; rgba: tf.Tensor4D },
  pictureOptions: ContributionPictureOptions,
): BcosExplanations {
  const { logits, classIndex, contributions: maps, rgba } = found;
  const item = <R extends tf.Rank>(batch: tf.Tensor, index: number) => {
    checkIndex(OWNER, index, classIndex.length);
    return tf.squeeze(tf.slice(batch, index, 1), [0]) as tf.Tensor<R>;
  };
  const contributionPicture = (index: number) =>
    tf.tidy(() => contributionMapPicture(item<tf.Rank.R2>(maps, index), pictureOptions) as tf.Tensor3D);
  return {
    name: 'bcos',
    targets: classIndex,
    logits,
    maps,
    rgba,
    picture: (index, image) => tf.tidy(() => compositeOver(image, contributionPicture(index))),
    colours: (index, image) => tf.tidy(() => compositeOver(image, item(rgba, index))),
    contributionPicture,
    dispose: () => tf.dispose([logits, maps, rgba]),
  };
}
