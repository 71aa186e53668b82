import '@bcos/layers';
import { type CamLayerInfo, type ExplainerName, explainerNames, listCamLayers } from '@bcos/gradcam';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { pipelineFor } from '../../cli/model-input';
import type { InputPipeline } from '../../loop/input-pipeline';
import { probabilities } from '../../loop/predictions';
import type { PageModel } from './explorer-config';

/** A model loaded on the current backend, with what the page offers for it. */
export interface LoadedModel {
  entry: PageModel;
  model: LayersModel | GraphModel;
  pipeline: InputPipeline;
  /** The layers a CAM can explain, with their output shapes. */
  layers: CamLayerInfo[];
  /** 'bcos' first for a B-cos model, then every CAM method the model runs. */
  methods: ExplainerName[];
}

/** Loads `entry`'s model.json (relative to the page or absolute) on the active backend. */
export async function loadModel(entry: PageModel): Promise<LoadedModel> {
  const url = new URL(entry.url, location.href).href;
  const model = entry.format === 'graph' ? await loadGraphModel(url) : await loadLayersModel(url);
  const [height, width, channels] = entry.info.imageShape;
  const input = [1, height, width, entry.info.encoding === 'bcos' ? 2 * channels : channels];
  checkModelFits(model, entry, input);
  return {
    entry,
    model,
    pipeline: pipelineFor(entry.info),
    layers: listCamLayers(model, { imageShape: input }),
    methods: explainerNames(model),
  };
}

/** The model must take the input and give the classes its description says (a mismatch would mislead). */
function checkModelFits(model: LayersModel | GraphModel, entry: PageModel, input: number[]): void {
  const takes = model.inputs[0]?.shape?.slice(1) ?? [];
  const classes = model.outputs[0]?.shape?.at(-1);
  const fits = takes.every((size, i) => size === null || size === -1 || size === input[i + 1]);
  const problem = !fits
    ? `takes input [${takes}], but its description says [${input.slice(1)}]`
    : classes !== undefined && classes !== null && classes !== -1 && classes !== entry.info.classNames.length
      ? `has ${classes} outputs, but its description names ${entry.info.classNames.length} classes`
      : undefined;
  if (problem) {
    model.dispose();
    throw new Error(`${entry.name} (${entry.url}): the model ${problem}`);
  }
}

/** The image's bytes [1, H, W, C] as the int32 batch the model's input pipeline prepares. */
export function imageBatch(loaded: LoadedModel, pixels: Uint8Array): tf.Tensor4D {
  const [height, width, channels] = loaded.entry.info.imageShape;
  return tf.tensor4d(Int32Array.from(pixels), [1, height, width, channels], 'int32');
}

/** The image in [0, 1] with three channels ([H, W, 3]), what explanations are drawn over. */
export function shownImage(loaded: LoadedModel, pixels: Uint8Array): tf.Tensor3D {
  const [height, width, channels] = loaded.entry.info.imageShape;
  return tf.tidy(() => {
    const image = tf.div(tf.tensor3d(pixels, [height, width, channels], 'float32'), 255) as tf.Tensor3D;
    return channels === 1 ? (tf.tile(image, [1, 1, 3]) as tf.Tensor3D) : image;
  });
}

/** Every class's probability (softmax, or sigmoid for a model trained with binary cross-entropy). */
export async function classProbabilities(loaded: LoadedModel, pixels: Uint8Array): Promise<Float32Array> {
  const batch = imageBatch(loaded, pixels);
  const probs = tf.tidy(() =>
    probabilities(
      loaded.model.predict(loaded.pipeline.prepare(batch)) as tf.Tensor2D,
      loaded.entry.info.loss,
    ),
  );
  try {
    return (await probs.data()) as Float32Array;
  } finally {
    tf.dispose([batch, probs]);
  }
}
