import * as tf from '@tensorflow/tfjs-core';
import type { layers } from '@tensorflow/tfjs-layers';
import { explanationSwitches, withExplanationMode } from '../explanation-mode';
import { explanationToRgba, type RgbaOptions } from './explanation-to-rgba';

export interface ExplainOptions extends RgbaOptions {
  /** Class to explain, one for all images or one per image. Default: each image's predicted class. */
  classIndex?: number | number[];
}

export interface Explanation {
  /** [N, C] */
  logits: tf.Tensor2D;
  classIndex: number[];
  /** Dynamic linear weights W(x) of the explained logit, [N, H, W, 6]: logit − bias = Σ W(x)·x. */
  weights: tf.Tensor4D;
  /** Σ over channels of x·W(x), [N, H, W]. */
  contributions: tf.Tensor3D;
  /** B-cos colouring of W(x) (see explanationToRgba), [N, H, W, 4]. */
  rgba: tf.Tensor4D;
}

const OWNER = 'explain';

/**
 * Explains a B-cos model's logits: in explanation mode the model is y = W(x)·x, and the input
 * gradient of the explained logit is W(x). `images` [N, H, W, 6] are the model's input (the
 * `encodeImage` encoding); works for Sequential, functional and nested models. The caller disposes
 * the returned tensors.
 */
export async function explain(
  model: layers.Layer,
  images: tf.Tensor,
  options: ExplainOptions = {},
): Promise<Explanation> {
  checkImages(images);
  checkBcosModel(model);
  const batch = images.shape[0]!;
  const classes = outputClasses(model, images.shape);
  const requested =
    options.classIndex === undefined ? undefined : selectedClasses(options.classIndex, batch, classes);
  const { logits, weights } = withExplanationMode(model, () => logitsAndWeights(model, images, requested));
  const classIndex = requested ?? (await predictedClasses(logits));
  const contributions = tf.tidy(() => tf.sum(tf.mul(images, weights), 3)) as tf.Tensor3D;
  const rgba = explanationToRgba(images, weights, options) as tf.Tensor4D;
  return { logits, classIndex, weights, contributions, rgba };
}

function checkImages(images: tf.Tensor): void {
  if (images.rank !== 4 || images.shape[3] !== 6) {
    throw new Error(
      `${OWNER}: images must be the 6-channel encoding [N, H, W, 6] (see encodeImage), got shape [${images.shape}]`,
    );
  }
}

/** Without B-cos layers the input gradient is a plain gradient map, not the model's W(x). */
function checkBcosModel(model: layers.Layer): void {
  if (explanationSwitches(model).length > 0) return;
  throw new Error(
    `${OWNER}: model '${model.name}' has no B-cos layers, so its input gradient would be a plain gradient map, not a B-cos explanation (explain other models with @bcos/gradcam)`,
  );
}

interface SymbolicShapes {
  inputs?: Array<{ shape: Array<number | null> }>;
  outputs?: Array<{ shape: Array<number | null> }>;
}

/** The class count C, checking (before any work) that the model maps the images to logits [N, C]. */
function outputClasses(model: layers.Layer, imageShape: number[]): number {
  const { inputs, outputs } = model as unknown as SymbolicShapes;
  const expected = inputs?.length === 1 ? inputs[0]!.shape : undefined;
  if (expected && !expected.every((size, axis) => size === null || size === imageShape[axis])) {
    const hint =
      expected.at(-1) === 3 ? ' (explain needs a model whose input is the 6-channel encoding)' : '';
    throw new Error(
      `${OWNER}: the model takes inputs [${expected.map(String)}], got images [${imageShape}]${hint}`,
    );
  }
  const shape = outputs
    ? outputs.map((o) => o.shape)
    : [model.computeOutputShape(imageShape) as Array<number | null>];
  const logits = shape.length === 1 ? shape[0]! : [];
  if (logits.length !== 2 || typeof logits[1] !== 'number') {
    throw new Error(
      `${OWNER}: the model must return one logits tensor [N, C], its outputs are ${JSON.stringify(shape)}`,
    );
  }
  return logits[1];
}

/** One forward and one backward pass: the logits and the input gradient of the explained logits. */
function logitsAndWeights(model: layers.Layer, images: tf.Tensor, classIndex: number[] | undefined) {
  let logits: tf.Tensor2D | undefined;
  const weights = tf.grad((x: tf.Tensor) => {
    const output = model.apply(x, { training: false }) as tf.Tensor2D;
    logits = tf.keep(output);
    return explainedLogitSum(output, classIndex);
  })(images) as tf.Tensor4D;
  return { logits: logits!, weights };
}

/**
 * Σ over images of the explained logit: the requested class, by default the predicted one (argmax,
 * as B-cos v2 explains the prediction). Never `max` itself: its gradient goes to every tied class,
 * and near-equal logits do tie in float32 (random B-cos weights give logits within a few ulps of
 * the bias), which would explain the sum of several classes.
 */
function explainedLogitSum(logits: tf.Tensor2D, classIndex: number[] | undefined): tf.Scalar {
  const classes = classIndex === undefined ? tf.argMax(logits, 1) : tf.tensor1d(classIndex, 'int32');
  const chosen = tf.oneHot(classes, logits.shape[1], 1, 0, 'float32');
  return tf.sum(tf.mul(logits, chosen));
}

function selectedClasses(classIndex: number | number[], batch: number, classes: number): number[] {
  const list = Array.isArray(classIndex) ? classIndex : Array<number>(batch).fill(classIndex);
  if (list.length !== batch) {
    throw new Error(`${OWNER}: classIndex lists ${list.length} classes for ${batch} images`);
  }
  for (const index of list) {
    if (!Number.isInteger(index) || index < 0 || index >= classes) {
      throw new Error(`${OWNER}: classIndex ${index} is not a class of the model's ${classes} outputs`);
    }
  }
  return list;
}

async function predictedClasses(logits: tf.Tensor2D): Promise<number[]> {
  const winners = tf.argMax(logits, 1);
  const values = await winners.data();
  winners.dispose();
  return Array.from(values);
}
