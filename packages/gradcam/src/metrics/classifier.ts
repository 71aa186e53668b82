import * as tf from '@tensorflow/tfjs-core';
import { asCamModel, type ExplainableModel } from '../model/as-cam-model';
import type { OutputKind } from '../targets/output-kind';
import { type CamTargets, resolveTargets } from '../targets/targets';

/**
 * What a metric evaluates: a LayersModel (run in inference mode) or GraphModel with one output, or
 * any function from images to outputs [N, classes] (e.g. encoding images for a B-cos model first).
 * A function with one output unit is read as a logit z (its negative class scores −z).
 */
export type Classifier = ExplainableModel | ((images: tf.Tensor4D) => tf.Tensor2D);

export function classify(classifier: Classifier, images: tf.Tensor4D): tf.Tensor2D {
  if (typeof classifier === 'function') return classifier(images);
  return tf.tidy(() => asCamModel(classifier).predict(images));
}

/**
 * Scores the target of each image in the outputs of perturbed copies of `images`: the targets
 * (default: the predicted classes) are fixed on the unperturbed images.
 */
export interface TargetScores {
  /** [N] the target scores of the unperturbed images. */
  original: Float32Array;
  /** The target scores of perturbed images [N, H, W, C], one per image. */
  of(perturbed: tf.Tensor4D): Promise<Float32Array>;
}

export async function targetScores(
  classifier: Classifier,
  images: tf.Tensor4D,
  targets: CamTargets | undefined,
): Promise<TargetScores> {
  const logits = classify(classifier, images);
  const kind: OutputKind =
    typeof classifier === 'function'
      ? { classes: logits.shape[1], sigmoid: false }
      : asCamModel(classifier).outputKind(images.shape);
  const imageOfRow = Array.from({ length: images.shape[0] }, (_, i) => i);
  const scorer = await resolveTargets(targets, images.shape[0], kind).fixed(logits);
  const read = async (outputs: tf.Tensor2D): Promise<Float32Array> => {
    const scores = scorer.score(outputs, imageOfRow);
    const values = (await scores.data()) as Float32Array;
    tf.dispose([scores, outputs]);
    return values;
  };
  return {
    original: await read(logits),
    of: (perturbed) => read(classify(classifier, perturbed)),
  };
}
