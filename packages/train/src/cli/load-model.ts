import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileSystem } from '@bcos/backend';
import '@bcos/layers';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { type ModelInfo, readModelInfo } from '../run/model-info';

/** A saved model directory (or its model.json) with its bcos-model.json. Importing @bcos/layers registers the B-cos layers. */
export async function loadTrainedModel(
  path: string,
): Promise<{ model: LayersModel; info: ModelInfo; directory: string }> {
  const { directory, info } = await modelDirectory(path);
  const model = await loadLayersModel(fileSystem(join(directory, 'model.json')));
  return { model, info, directory };
}

/** A model to explain: a LayersModel, or a GraphModel with one output (tfjs-converter output); both with a bcos-model.json. */
export type ExplainedModel = { kind: 'layers'; model: LayersModel } | { kind: 'graph'; model: GraphModel };

export async function loadExplainedModel(path: string): Promise<ExplainedModel & { info: ModelInfo }> {
  const { directory, info } = await modelDirectory(path);
  const modelJson = join(directory, 'model.json');
  const format = (JSON.parse(await readFile(modelJson, 'utf8')) as { format?: string }).format;
  if (format !== 'graph-model')
    return { kind: 'layers', model: await loadLayersModel(fileSystem(modelJson)), info };
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

async function modelDirectory(path: string): Promise<{ directory: string; info: ModelInfo }> {
  if (!existsSync(path)) throw new Error(`model ${path}: not found`);
  const directory = statSync(path).isDirectory() ? path : dirname(path);
  return { directory, info: await readModelInfo(directory) };
}
