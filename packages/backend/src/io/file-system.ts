import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { io } from '@tensorflow/tfjs-core';
import { writeFileAtomic } from './atomic-write';

const SCHEME = 'file://';
const MODEL_FILE = 'model.json';
const WEIGHTS_FILE = 'weights.bin';

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, string: 0 };

/** Bytes a weight takes in the binary file, as tfjs lays it out (quantised weights included). */
function specBytes(spec: io.WeightsManifestEntry): number {
  const elements = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.quantization) {
    const bytes = spec.quantization.dtype === 'uint8' ? 1 : 2;
    return elements * bytes;
  }
  const bytes = DTYPE_BYTES[spec.dtype];
  if (bytes === undefined || bytes === 0)
    throw new Error(`weight '${spec.name}': dtype ${spec.dtype} cannot be loaded from a file`);
  return elements * bytes;
}

async function saveModel(directory: string, artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error('file:// handler: binary (GraphDef) model topologies are not supported');
  }
  const weightData = artifacts.weightData
    ? io.CompositeArrayBuffer.join(artifacts.weightData)
    : new ArrayBuffer(0);
  const { weightData: _data, weightSpecs, ...described } = artifacts;
  const modelJson: io.ModelJSON = {
    ...(described as Omit<io.ModelJSON, 'weightsManifest'>),
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: weightSpecs ?? [] }],
  };
  // Weights first: model.json appears (atomically) only once the weights it names are complete.
  await writeFileAtomic(join(directory, WEIGHTS_FILE), new Uint8Array(weightData));
  await writeFileAtomic(join(directory, MODEL_FILE), JSON.stringify(modelJson));
  return { modelArtifactsInfo: io.getModelArtifactsInfoForJSON(artifacts) };
}

function checkManifest(manifest: unknown, path: string): void {
  if (!Array.isArray(manifest))
    throw new Error(`${path}: weightsManifest must be an array of {paths, weights}`);
  manifest.forEach((group: Partial<io.WeightsManifestConfig[number]> | null, i: number) => {
    const where = `${path}: weightsManifest[${i}]`;
    if (!Array.isArray(group?.paths) || !group.paths.every((p: unknown) => typeof p === 'string'))
      throw new Error(`${where}.paths must be an array of file names`);
    if (!Array.isArray(group.weights)) throw new Error(`${where}.weights must be an array of weight specs`);
    group.weights.forEach((spec: Partial<io.WeightsManifestEntry> | null, j: number) => {
      if (typeof spec?.name !== 'string' || !Array.isArray(spec.shape) || typeof spec.dtype !== 'string')
        throw new Error(`${where}.weights[${j}] must have a name, a shape and a dtype`);
    });
  });
}

async function readModelJson(path: string): Promise<io.ModelJSON> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(
      code === 'ENOENT'
        ? `model file not found: ${path}`
        : `cannot read ${path}: ${(error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const model = json as Partial<io.ModelJSON>;
  if (typeof json !== 'object' || json === null || model.modelTopology === undefined) {
    throw new Error(`${path} is not a tfjs model.json: it has no modelTopology`);
  }
  if (model.weightsManifest !== undefined) checkManifest(model.weightsManifest, path);
  return model as io.ModelJSON;
}

async function readWeights(modelPath: string, manifest: io.WeightsManifestConfig): Promise<ArrayBuffer> {
  const base = dirname(modelPath);
  const buffers: Uint8Array[] = [];
  for (const group of manifest) {
    const expected = group.weights.reduce((sum, spec) => sum + specBytes(spec), 0);
    const files = await Promise.all(
      group.paths.map((p) =>
        readFile(join(base, p)).catch(() => {
          throw new Error(`weights file not found: ${join(base, p)} (named in ${modelPath})`);
        }),
      ),
    );
    const actual = files.reduce((sum, f) => sum + f.byteLength, 0);
    if (actual !== expected) {
      throw new Error(
        `weights file(s) ${group.paths.map((p) => join(base, p)).join(', ')} hold ${actual} bytes, but ${modelPath} describes ${expected} bytes`,
      );
    }
    buffers.push(...files);
  }
  const total = buffers.reduce((sum, b) => sum + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(b, offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

async function loadModel(path: string): Promise<io.ModelArtifacts> {
  const modelPath = (await stat(path).catch(() => null))?.isDirectory() ? join(path, MODEL_FILE) : path;
  const json = await readModelJson(modelPath);
  const manifest = json.weightsManifest ?? [];
  const weightData = await readWeights(modelPath, manifest);
  return io.getModelArtifactsForJSON(json, async () => [manifest.flatMap((g) => g.weights), weightData]);
}

/** An IOHandler for a directory (save: model.json + weights.bin) or a model.json path (load). */
export function fileSystem(path: string): io.IOHandler {
  const target = resolve(path.startsWith(SCHEME) ? path.slice(SCHEME.length) : path);
  return {
    save: (artifacts) => saveModel(basename(target) === MODEL_FILE ? dirname(target) : target, artifacts),
    load: () => loadModel(target),
  };
}

const router = ((url: string | string[]) => {
  if (Array.isArray(url) || !url.startsWith(SCHEME)) return null;
  return fileSystem(url);
}) as Parameters<typeof io.registerSaveRouter>[0];

let registered = false;

/**
 * Lets `model.save('file://dir')` and `tf.loadLayersModel('file://dir/model.json')` work in Node
 * without tfjs-node. Skipped when tfjs-node already registered its own `file://` handler.
 */
export function registerFileSystem(): void {
  if (registered) return;
  registered = true;
  if (io.getSaveHandlers(`${SCHEME}probe`).length === 0) io.registerSaveRouter(router);
  if (io.getLoadHandlers(`${SCHEME}probe`).length === 0) io.registerLoadRouter(router);
}
