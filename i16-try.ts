// Temporary (not committed): runs every method on real published models shipped in npm packages.
import { fileSystem, initBackend } from '@bcos/backend';
import { CAM_METHODS, type CamMethodName, gradcam, listCamLayers } from '@bcos/gradcam';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import { writeFileSync, existsSync, readFileSync } from 'node:fs';

const [backend, name, every = '1', methodsAt = '3'] = process.argv.slice(2);
await initBackend({ backend, allowSoftwareGpu: true });
const path = `/tmp/i16-models/${name}/model.json`;
const isGraph = JSON.parse(readFileSync(path, 'utf8')).format === 'graph-model';
const model = isGraph ? await loadGraphModel(fileSystem(path)) : await loadLayersModel(fileSystem(path));
const layers = listCamLayers(model);
const size = layers[0]!.shape[1]! * (name === 'inception_v3' ? 1 : 1);
const inputShape = isGraph ? (model as any).inputs[0].shape : (model as any).inputs[0].shape;
const [h, w] = [inputShape[1], inputShape[2]];
const x = tf.randomUniform([1, h, w, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
console.log(`${name} on ${backend}: ${layers.length} candidate layers, input ${h}x${w}, size ${size}`);
const wanted = layers.filter(({ op }) => /conv|add|concat|batchnorm|relu/i.test(op));
const stepped = wanted.filter((_, i) => i % Number(every) === 0);
const results: Record<string, number[]> = {};
const t0 = Date.now();
const run = async (layer: string | undefined, method: CamMethodName) => {
  const r = await gradcam(model, x, { layer, method, targets: 0, batchSize: 32 });
  const raw = Array.from(await r.raw.data());
  if (raw.some((v) => !Number.isFinite(v))) throw new Error(`${layer} ${method}: non-finite`);
  results[`${r.layer}|${method}`] = raw;
  tf.dispose([r.cams, r.raw, r.logits]);
  console.log(`  ${r.layer} ${method} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r.layer;
};
const chosen = await run(undefined, 'gradcam');
console.log('default layer', chosen, layers.find((l) => l.name === chosen));
for (const { name: layer } of stepped) await run(layer, 'gradcam');
const methodLayers = [stepped[0]!.name, stepped[Math.floor(stepped.length / 2)]!.name, chosen].slice(0, Number(methodsAt));
for (const layer of methodLayers)
  for (const method of Object.keys(CAM_METHODS) as CamMethodName[]) {
    if (method === 'scorecam' && layer !== methodLayers[0]) continue;
    await run(layer, method);
  }
console.log(`${Object.keys(results).length} maps in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const file = `/tmp/i16-models/${name}-${backend}.json`;
writeFileSync(file, JSON.stringify(results));
const reference = `/tmp/i16-models/${name}-cpu.json`;
if (backend !== 'cpu' && existsSync(reference)) {
  const ref = JSON.parse(readFileSync(reference, 'utf8')) as Record<string, number[]>;
  let worst = 0;
  let worstKey = '';
  for (const [key, values] of Object.entries(results)) {
    const expected = ref[key];
    if (!expected) continue;
    const scale = Math.max(...expected.map(Math.abs), 1e-12);
    const err = Math.max(...values.map((v, i) => Math.abs(v - expected[i]!))) / scale;
    if (err > worst) [worst, worstKey] = [err, key];
  }
  console.log(`max relative difference to cpu: ${worst.toExponential(2)} at ${worstKey}`);
}
