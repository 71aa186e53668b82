import { basename, extname, join, resolve } from 'node:path';
import { initBackend, tensorToImage } from '@bcos/backend';
import { writePng } from '@bcos/backend/node';
import {
  EXPLAIN_METHODS,
  type ExplainableModel,
  type ExplainMethodName,
  explain as explainCams,
  overlay,
} from '@bcos/gradcam';
import { contributionMapPicture, explain } from '@bcos/layers';
import { writeExplanationPng } from '@bcos/layers/node';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { probabilities } from '../loop/predictions';
import type { ModelInfo } from '../run/model-info';
import { CONVERTED_MODEL_HELP } from './converted-model-help';
import { loadExplainedModel } from './load-model';
import { pipelineFor } from './model-input';
import { readImageFor } from './read-image';
import { backendFlag, parseFlags, positiveIntegerFlag, requireFlag, UsageError } from './run-cli';

const METHODS = ['bcos', ...EXPLAIN_METHODS];

export const EXPLAIN_USAGE = `usage: bcos-explain --model DIR --image FILE [--method ${METHODS.join('|')}] [--class NAME] [--top N] [--layer NAME[,NAME...]] [--class-names FILE] [--out DIR] [--backend NAME]

Prints the top classes with probabilities and writes the explanation PNG(s) for the chosen class
(default: the predicted one) into --out (default: explanations). Several comma-separated layers
combine their CAMs (refinecam needs several). --model is a bcos-train model directory, or any tfjs
LayersModel or one-output GraphModel directory with a bcos-model.json ({classNames, imageShape,
encoding: "rgb", loss: "crossentropy"}) beside its model.json; --layer is then a layer or graph
node name. ${CONVERTED_MODEL_HELP}`;

/** The index of `--class NAME`, checked before any prediction is computed or printed. */
function requestedClassIndex(name: string | undefined, info: ModelInfo): number | undefined {
  if (name === undefined) return undefined;
  const index = info.classNames.indexOf(name);
  if (index < 0)
    throw new UsageError(
      `--class ${name}: not a class of this model; classes: ${info.classNames.join(', ')}`,
    );
  return index;
}

async function writeBcos(
  model: LayersModel,
  input: tf.Tensor4D,
  shown: tf.Tensor3D,
  classIndex: number,
  stem: string,
): Promise<string[]> {
  const e = await explain(model, input, { classIndex });
  const picture = contributionMapPicture(e.contributions) as tf.Tensor4D;
  const contributions = tf.squeeze(picture, [0]) as tf.Tensor3D;
  try {
    await writeExplanationPng(`${stem}-bcos.png`, shown, e.rgba);
    await writePng(`${stem}-contributions.png`, await tensorToImage(contributions));
    return [`${stem}-bcos.png`, `${stem}-contributions.png`];
  } finally {
    tf.dispose([e.logits, e.weights, e.contributions, e.rgba, picture, contributions]);
  }
}

async function writeCam(
  model: ExplainableModel,
  input: tf.Tensor4D,
  shown: tf.Tensor3D,
  classIndex: number,
  stem: string,
  method: ExplainMethodName,
  layer?: string,
) {
  const layers = layer?.split(',');
  const result = await explainCams(model, input, {
    method,
    layer: layers && layers.length > 1 ? layers : layer,
    targets: [classIndex],
  });
  const cam = tf.squeeze(result.cams, [0]) as tf.Tensor2D;
  const picture = overlay(shown, cam);
  try {
    const path = `${stem}-${method.replaceAll('+', 'p')}.png`;
    await writePng(path, await tensorToImage(picture));
    return [path];
  } finally {
    tf.dispose([result.cams, result.logits, cam, picture]);
  }
}

export async function explainCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(
    argv,
    {
      model: { type: 'string' },
      image: { type: 'string' },
      method: { type: 'string' },
      class: { type: 'string' },
      top: { type: 'string' },
      layer: { type: 'string' },
      'class-names': { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
    },
    EXPLAIN_USAGE,
  );
  const [modelPath, imagePath] = [requireFlag(flags.model, '--model'), requireFlag(flags.image, '--image')];
  const method = flags.method ?? 'bcos';
  if (!METHODS.includes(method))
    throw new UsageError(`--method ${method}: expected one of ${METHODS.join(', ')}`);
  const top = positiveIntegerFlag(flags.top, '--top') ?? 5;
  await initBackend({ backend: backendFlag(flags.backend) });
  const { kind, model, info } = await loadExplainedModel(modelPath, flags['class-names']);
  if (method === 'bcos' && (info.encoding !== 'bcos' || kind === 'graph'))
    throw new UsageError(
      `--method bcos needs a B-cos model; ${modelPath} is a plain ${kind === 'graph' ? 'GraphModel' : 'model'} (use a CAM method)`,
    );
  let requested: number | undefined;
  try {
    requested = requestedClassIndex(flags.class, info);
  } catch (error) {
    model.dispose();
    throw error;
  }
  const [h, w, c] = info.imageShape;
  const bytes = await readImageFor(imagePath, info.imageShape);
  const raw = tf.tensor4d(Int32Array.from(bytes), [1, h, w, c], 'int32');
  const input = pipelineFor(info).prepare(raw);
  const shown = tf.tidy(() => {
    const image = tf.div(tf.tensor3d(bytes, [h, w, c], 'float32'), 255) as tf.Tensor3D;
    return c === 1 ? (tf.tile(image, [1, 1, 3]) as tf.Tensor3D) : image;
  });
  try {
    const probs = tf.tidy(() => probabilities(model.predict(input) as tf.Tensor2D, info.loss));
    const values = Array.from(await probs.data());
    probs.dispose();
    const ranked = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]!);
    for (const i of ranked.slice(0, top))
      console.log(`${info.classNames[i]!.padEnd(20)} ${values[i]!.toFixed(4)}`);
    const classIndex = requested ?? ranked[0]!;
    const out = resolve(flags.out ?? 'explanations');
    const stem = join(
      out,
      `${basename(imagePath, extname(imagePath))}-${info.classNames[classIndex]!.replace(/[^\w.-]+/g, '_')}`,
    );
    await writePng(`${stem}-input.png`, await tensorToImage(tf.squeeze(raw, [0])));
    const written =
      method === 'bcos'
        ? await writeBcos(model as LayersModel, input, shown, classIndex, stem)
        : await writeCam(model, input, shown, classIndex, stem, method as ExplainMethodName, flags.layer);
    for (const path of [`${stem}-input.png`, ...written]) console.log(`wrote ${path}`);
  } finally {
    tf.dispose([raw, input, shown]);
    model.dispose();
  }
}
