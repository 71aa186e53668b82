/**
 * Runs every CAM method on saved models (LayersModel or GraphModel directories) and writes the raw
 * maps as JSON, so that runs on different backends can be compared. Not a test: published models
 * are not downloaded at test time. Used on the models the `nsfwjs` npm package ships:
 *
 *   npm pack nsfwjs && tar xzf nsfwjs-*.tgz   # its models/*.min.js hold model.json and base64 shards
 *   npx tsx --conditions source packages/gradcam/scripts/try-published-models.ts \
 *     --backend wasm --model DIR [--every 3] [--methods-at 3] [--out maps.json] [--compare cpu-maps.json]
 *
 * `--every n` explains every n-th conv/add/concat/norm/activation layer with Grad-CAM; every method
 * runs at the first, middle and default layers (`--methods-at` of them; Score-CAM at the first, on
 * wasm only: it runs K masked images per image).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '@bcos/backend';
import { fileSystem } from '@bcos/backend/node';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { CAM_METHODS, type CamMethodName, type ExplainableModel, gradcam, listCamLayers } from '../src/index';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    model: { type: 'string' },
    every: { type: 'string', default: '3' },
    'methods-at': { type: 'string', default: '3' },
    out: { type: 'string' },
    compare: { type: 'string' },
  },
});
if (!values.model) throw new Error('--model DIR is required');
const backend = values.backend!;
await initBackend({ backend, allowSoftwareGpu: true });
const path = join(values.model, 'model.json');
const isGraph = (JSON.parse(readFileSync(path, 'utf8')) as { format?: string }).format === 'graph-model';
const model: ExplainableModel = isGraph
  ? await loadGraphModel(fileSystem(path))
  : await loadLayersModel(fileSystem(path));
const layers = listCamLayers(model);
const [height, width, channels] = ((model.inputs[0]?.shape ?? []) as number[]).slice(1);
const images = tf.randomUniform([1, height!, width!, channels!], 0, 1, 'float32', 3) as tf.Tensor4D;
const maps: Record<string, number[]> = {};
const started = Date.now();

async function explain(layer: string | undefined, method: CamMethodName): Promise<string> {
  const result = await gradcam(model, images, { layer, method, targets: 0, batchSize: 32 });
  const raw = Array.from(await result.raw.data());
  if (raw.some((v) => !Number.isFinite(v))) throw new Error(`${result.layer} ${method}: non-finite map`);
  maps[`${result.layer}|${method}`] = raw;
  tf.dispose([result.cams, result.raw, result.logits]);
  console.log(`${result.layer} ${method} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.layer;
}

const chosen = await explain(undefined, 'gradcam');
const sampled = layers
  .filter(({ op }) => /conv|add|concat|norm|relu/i.test(op))
  .filter((_, i) => i % Number(values.every) === 0);
for (const { name } of sampled) await explain(name, 'gradcam');
const methodLayers = [sampled[0]!.name, sampled[Math.floor(sampled.length / 2)]!.name, chosen];
for (const [i, layer] of methodLayers.slice(0, Number(values['methods-at'])).entries())
  for (const method of Object.keys(CAM_METHODS) as CamMethodName[])
    if (method !== 'scorecam' || (i === 0 && backend === 'wasm')) await explain(layer, method);
console.log(
  `${Object.keys(maps).length} maps on ${backend} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
if (values.out) writeFileSync(values.out, JSON.stringify(maps));
if (values.compare) {
  const reference = JSON.parse(readFileSync(values.compare, 'utf8')) as Record<string, number[]>;
  let worst = 0;
  for (const [key, raw] of Object.entries(maps)) {
    const expected = reference[key];
    if (!expected) continue;
    const scale = Math.max(...expected.map(Math.abs), 1e-30);
    worst = Math.max(worst, Math.max(...raw.map((v, i) => Math.abs(v - expected[i]!))) / scale);
  }
  console.log(
    `largest difference to ${values.compare}: ${worst.toExponential(2)} of the map's largest value`,
  );
}
