import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileSystem } from '@bcos/backend';
import '@bcos/layers';
import { type LayersModel, loadLayersModel } from '@tensorflow/tfjs-layers';
import { type ModelInfo, readModelInfo } from '../run/model-info';

/** A saved model directory (or its model.json) with its bcos-model.json. Importing @bcos/layers registers the B-cos layers. */
export async function loadTrainedModel(
  path: string,
): Promise<{ model: LayersModel; info: ModelInfo; directory: string }> {
  if (!existsSync(path)) throw new Error(`model ${path}: not found`);
  const directory = statSync(path).isDirectory() ? path : dirname(path);
  const info = await readModelInfo(directory);
  const model = await loadLayersModel(fileSystem(join(directory, 'model.json')));
  return { model, info, directory };
}
