import { gradcam } from '@bcos/gradcam';
import { writeOverlayPng } from '@bcos/gradcam/node';
import { explain } from '@bcos/layers';
import { writeExplanationPng } from '@bcos/layers/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type ModelKind, modelInput } from './model-input';
import { type RankedClass, topClasses } from './top-classes';

export interface ImageExplanation {
  top: RankedClass[];
  /** PNG of the B-cos explanation of the top class (B-cos models only). */
  bcos?: string;
  /** PNG of the Grad-CAM of the top class over the image. */
  gradcam: string;
}

export interface ExplainImageSettings {
  model: LayersModel;
  kind: ModelKind;
  names: readonly string[];
  top: number;
  gradcamLayer: string;
}

/** Classifies one image ([H, W, 3] in [0, 1]) and writes its explanations to `<outputStem>.*.png`. */
export async function explainImage(
  image: tf.Tensor3D,
  outputStem: string,
  settings: ExplainImageSettings,
): Promise<ImageExplanation> {
  const { model, kind, names } = settings;
  const input = tf.tidy(() => modelInput(kind, tf.expandDims(image, 0) as tf.Tensor4D));
  try {
    const logits = tf.tidy(() => tf.squeeze(model.predict(input) as tf.Tensor2D, [0]) as tf.Tensor1D);
    const top = await topClasses(logits, settings.top, names);
    logits.dispose();
    const best = top[0]!.index;
    const bcos =
      kind === 'bcos' ? await writeBcosExplanation(model, input, image, best, outputStem) : undefined;
    return {
      top,
      ...(bcos ? { bcos } : {}),
      gradcam: await writeGradcam(input, image, best, outputStem, settings),
    };
  } finally {
    input.dispose();
  }
}

async function writeBcosExplanation(
  model: LayersModel,
  input: tf.Tensor4D,
  image: tf.Tensor3D,
  classIndex: number,
  outputStem: string,
): Promise<string> {
  const path = `${outputStem}.bcos.png`;
  const explanation = await explain(model, input, { classIndex });
  try {
    await writeExplanationPng(path, image, explanation.rgba);
  } finally {
    tf.dispose([explanation.logits, explanation.weights, explanation.contributions, explanation.rgba]);
  }
  return path;
}

async function writeGradcam(
  input: tf.Tensor4D,
  image: tf.Tensor3D,
  classIndex: number,
  outputStem: string,
  { model, gradcamLayer }: ExplainImageSettings,
): Promise<string> {
  const path = `${outputStem}.gradcam.png`;
  const { cams, raw, logits } = await gradcam(model, input, { layer: gradcamLayer, targets: [classIndex] });
  const cam = tf.squeeze(cams, [0]) as tf.Tensor2D;
  try {
    await writeOverlayPng(path, image, cam);
  } finally {
    tf.dispose([cams, raw, logits, cam]);
  }
  return path;
}
