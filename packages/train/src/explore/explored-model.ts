import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { modelClassNames } from '@bcos/resnet/node';
import '@bcos/layers';
import * as tfl from '@tensorflow/tfjs-layers';
import { convertedInfoOf } from '../run/converted-model-info';
import { MODEL_INFO_FILE, type ModelInfo, parseModelInfo, readModelInfo } from '../run/model-info';

/** A model the explorer offers: what the page needs to load it and to prepare its input. */
export interface ExploredModel {
  name: string;
  format: 'layers' | 'graph';
  info: ModelInfo;
  /** The folder of model.json, served to the page; undefined for a model at a URL. */
  directory?: string;
  /** model.json's URL for a model at a URL. */
  url?: string;
  /** A bcos-train run's test images (its report's gallery inputs), when the model is a run's. */
  runImages?: string;
}

interface ModelJson {
  format?: string;
  modelTopology?: unknown;
  signature?: { inputs?: Record<string, TensorInfo>; outputs?: Record<string, TensorInfo> };
  userDefinedMetadata?: { bcos?: unknown };
}
interface TensorInfo {
  tensorShape?: { dim?: Array<{ size?: string | number }> };
}

const isUrl = (path: string) => /^https?:\/\//i.test(path);

/** A model without any description: its input and output shapes (from the topology) describe it. */
async function plainModelInfo(json: ModelJson, source: string, classNamesFile?: string): Promise<ModelInfo> {
  const [input, output] =
    json.format === 'graph-model' ? graphShapes(json, source) : await layersShapes(json);
  const [height, width, channels] = input.slice(1);
  const classes = output.at(-1);
  if (!(height && width && channels && classes && output.length === 2))
    throw new Error(
      `${source}: takes input [${input}] and gives [${output}]; the explorer needs fixed-size images [N, H, W, C] and logits [N, classes] (or a ${MODEL_INFO_FILE} beside model.json)`,
    );
  const bcos = channels === 6;
  return {
    classNames: await modelClassNames(classes, classNamesFile, '--class-names'),
    imageShape: [height, width, bcos ? 3 : channels],
    encoding: bcos ? 'bcos' : 'rgb',
    loss: 'crossentropy',
  };
}

function graphShapes(json: ModelJson, source: string): [Array<number | null>, Array<number | null>] {
  const shape = (infos: Record<string, TensorInfo> | undefined) => {
    const dims = Object.values(infos ?? {})[0]?.tensorShape?.dim;
    return dims?.map((d) => (Number(d.size) > 0 ? Number(d.size) : null));
  };
  const [input, output] = [shape(json.signature?.inputs), shape(json.signature?.outputs)];
  if (!input || !output)
    throw new Error(
      `${source}: a GraphModel without a signature; describe it with a ${MODEL_INFO_FILE} beside model.json`,
    );
  return [input, output];
}

/** The topology built with fresh weights (never run) only to read its shapes. */
async function layersShapes(json: ModelJson): Promise<[Array<number | null>, Array<number | null>]> {
  const model = await tfl.models.modelFromJSON({ modelTopology: json.modelTopology } as never);
  try {
    return [model.inputs[0]!.shape, model.outputs[0]!.shape];
  } finally {
    model.dispose();
  }
}

async function fetchJson(url: string): Promise<unknown | undefined> {
  const response = await fetch(url);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  return response.json();
}

async function modelAtUrl(url: string, classNamesFile?: string): Promise<ExploredModel> {
  const modelUrl = url.endsWith('.json') ? url : `${url.replace(/\/$/, '')}/model.json`;
  const json = (await fetchJson(modelUrl)) as ModelJson | undefined;
  if (!json) throw new Error(`model ${modelUrl}: not found`);
  const infoUrl = new URL(MODEL_INFO_FILE, modelUrl).href;
  const described = await fetchJson(infoUrl);
  const info = described
    ? parseModelInfo(described, infoUrl)
    : ((await convertedInfoOf(json, modelUrl, classNamesFile)) ??
      (await plainModelInfo(json, modelUrl, classNamesFile)));
  const format = json.format === 'graph-model' ? 'graph' : 'layers';
  return { name: modelUrl, format, info, url: modelUrl };
}

/** The folder holding model.json: `path` itself, a model.json file's folder, or a bcos-train run's model/. */
function modelFolder(path: string): string {
  const full = resolve(path);
  if (!existsSync(full)) throw new Error(`model ${path}: not found`);
  if (!statSync(full).isDirectory()) return dirname(full);
  if (existsSync(join(full, 'model.json'))) return full;
  if (existsSync(join(full, 'model', 'model.json'))) return join(full, 'model');
  throw new Error(
    `model ${path}: no model.json (expected a bcos-train output, a bcos-convert output or a tfjs model folder)`,
  );
}

async function modelInFolder(path: string, classNamesFile?: string): Promise<ExploredModel> {
  const directory = modelFolder(path);
  const modelJson = join(directory, 'model.json');
  let json: ModelJson;
  try {
    json = JSON.parse(await readFile(modelJson, 'utf8'));
  } catch (error) {
    throw new Error(`${modelJson}: cannot read the model (${(error as Error).message})`);
  }
  const described = existsSync(join(directory, MODEL_INFO_FILE)) || json.userDefinedMetadata?.bcos;
  const info = described
    ? await readModelInfo(directory, classNamesFile)
    : await plainModelInfo(json, modelJson, classNamesFile);
  const report = join(dirname(directory), 'report', 'images');
  const runImages = existsSync(join(directory, MODEL_INFO_FILE)) && existsSync(report) ? report : undefined;
  const name = basename(directory) === 'model' ? basename(dirname(directory)) : basename(directory);
  return { name, format: json.format === 'graph-model' ? 'graph' : 'layers', info, directory, runImages };
}

/**
 * What `bcos-explore` offers of a model argument: a bcos-train output (the run folder or its model/),
 * a bcos-convert output, or any tfjs LayersModel/GraphModel folder, model.json or http(s) URL.
 * Class names and input preparation come from its bcos-model.json, else bcos-convert's metadata, else
 * its shapes (ImageNet's names for 1000 classes, else `class i`; `classNamesFile` names them).
 */
export function exploredModel(path: string, classNamesFile?: string): Promise<ExploredModel> {
  return isUrl(path) ? modelAtUrl(path, classNamesFile) : modelInFolder(path, classNamesFile);
}
