import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileSystem } from '@bcos/backend/node';
import '@bcos/layers';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { io } from '@tensorflow/tfjs-core';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { MODEL_INFO_FILE, type ModelInfo, readModelInfo } from '../run/model-info';

/** The file:// handler for `file`, refusing a model.json without weights (tfjs would build it with fresh random ones). */
function withTrainedWeights(file: string): io.IOHandler {
  const handler = fileSystem(file);
  return {
    load: async () => {
      const artifacts = await handler.load!();
      if (!artifacts.weightSpecs?.length)
        throw new Error(`${file} lists no weights (no weightsManifest): a topology without trained weights`);
      return artifacts;
    },
  };
}

/** The model's input and output must be what bcos-model.json says (a model.json from another run would mislead). */
function checkModelFitsInfo(model: LayersModel, info: ModelInfo, file: string): void {
  const [h, w, c] = info.imageShape;
  const input = [h, w, info.encoding === 'bcos' ? 2 * c : c];
  const actual = model.inputs[0]?.shape.slice(1);
  const classes = model.outputs[0]?.shape.at(-1);
  const problem =
    JSON.stringify(actual) !== JSON.stringify(input)
      ? `takes input [${actual}], but ${MODEL_INFO_FILE} describes [${input}] (${info.encoding} encoding of [${info.imageShape}])`
      : classes !== info.classNames.length
        ? `has ${classes} outputs, but ${MODEL_INFO_FILE} names ${info.classNames.length} classes`
        : undefined;
  if (problem) {
    model.dispose();
    throw new Error(`${file}: the model ${problem}`);
  }
}

/** A saved model directory (or its model.json) with its bcos-model.json, or a bcos-convert output. Importing @bcos/layers registers the B-cos layers. */
export async function loadTrainedModel(
  path: string,
  classNamesFile?: string,
): Promise<{ model: LayersModel; info: ModelInfo; directory: string }> {
  const { directory, info } = await modelDirectory(path, classNamesFile);
  return { model: await loadCheckedLayersModel(join(directory, 'model.json'), info), info, directory };
}

/** A model to explain: a LayersModel, or a GraphModel with one output (tfjs-converter output); both with a bcos-model.json. */
export type ExplainedModel = { kind: 'layers'; model: LayersModel } | { kind: 'graph'; model: GraphModel };

export async function loadExplainedModel(
  path: string,
  classNamesFile?: string,
): Promise<ExplainedModel & { info: ModelInfo }> {
  const { directory, info } = await modelDirectory(path, classNamesFile);
  const modelJson = join(directory, 'model.json');
  const format = (JSON.parse(await readFile(modelJson, 'utf8')) as { format?: string }).format;
  if (format !== 'graph-model')
    return { kind: 'layers', model: await loadCheckedLayersModel(modelJson, info), info };
  const { loadGraphModel } = await import('@tensorflow/tfjs-converter');
  const model = await loadGraphModel(fileSystem(modelJson));
  if (model.outputNodes.length !== 1) {
    model.dispose();
    throw new Error(
      `model ${path}: a GraphModel with ${model.outputNodes.length} outputs; bcos-explain explains one`,
    );
  }
  return { kind: 'graph', model, info };
}

/** The LayersModel in `file`, with trained weights and the input and classes `info` describes; errors name the file. */
async function loadCheckedLayersModel(file: string, info: ModelInfo): Promise<LayersModel> {
  let model: LayersModel;
  try {
    model = await loadLayersModel(withTrainedWeights(file));
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(message.includes(file) ? message : `${file}: cannot load the model (${message})`);
  }
  checkModelFitsInfo(model, info, file);
  return model;
}

async function modelDirectory(
  path: string,
  classNamesFile?: string,
): Promise<{ directory: string; info: ModelInfo }> {
  if (!existsSync(path)) throw new Error(`model ${path}: not found`);
  const directory = statSync(path).isDirectory() ? path : dirname(path);
  return { directory, info: await readModelInfo(directory, classNamesFile) };
}
