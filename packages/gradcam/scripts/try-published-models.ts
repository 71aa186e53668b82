/**
 * Explains one saved model (a LayersModel or GraphModel: its directory, or its JSON file) on one
 * backend with every method, and writes a report: each run's status (or its error), the raw maps for
 * comparison across backends, and finite-difference checks of the gradient. Not a test: published
 * models are not downloaded at test time (`fetch-published-models.ts` fetches them;
 * `sweep-published-models.ts` runs this on each model and backend and compares the reports).
 *
 *   npx tsx --conditions source packages/gradcam/scripts/try-published-models.ts --backend wasm \
 *     --model DIR|FILE [--output NAME] [--every 2] [--methods-at kinds|middle|last] [--out report.json]
 *     [--resume]   # keep the successful runs and checks of an earlier --out report, run the rest
 *     [--sweep-only shapleycam --sweep-from conv2d_64]   # the every-layer sweep alone, of these
 *       methods, from this layer on in its order: completes a sweep whose report is gone
 *
 * Layers: those whose op is a convolution, an add, a concat or a batch norm. The CAM methods but
 * Score-CAM, Ablation-CAM and KPCA-CAM run at one layer of each op (the middle one of that op, its
 * "representative"; `--methods-at kinds`, or one layer: the middle of the network or the default
 * one) and at every n-th layer (`--every`, 0: none), all from one forward and backward pass per group
 * of layers (`gradcamLayers`). KPCA-CAM (a pixels × pixels kernel
 * matrix) runs at the layer with the fewest pixels; FinerCAM, RefineCAM at the representatives;
 * FullGrad, guided backpropagation and DFF once; then finite differences check ∂score/∂activations
 * at the representatives and the default layer; Score-CAM and Ablation-CAM (one forward pass per
 * channel) run last, at the layer with the fewest channels.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '@bcos/backend';
import { fileSystem, writeFileAtomic } from '@bcos/backend/node';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel } from '@tensorflow/tfjs-layers';
import {
  CAM_METHODS,
  type CamLayerInfo,
  type CamMethodName,
  deepFeatureFactorization,
  type ExplainableModel,
  explain,
  gradcam,
  gradcamEach,
  gradcamLayers,
  guidedBackprop,
  listCamLayers,
} from '../src/index';
import { asCamModel, requireLayersModel } from '../src/model/as-cam-model';
import { finiteDifferenceCheck } from './finite-difference-check';
import {
  EVERY_LAYER_METHODS,
  EVERY_LAYER_PASSES,
  PER_CHANNEL_METHODS,
  PER_PIXEL_PAIR_METHODS,
} from './published-sweep-methods';

export interface RunRecord {
  key: string;
  method: string;
  layer: string;
  op: string;
  ok: boolean;
  error?: string;
  seconds: number;
}

export interface FiniteDifferenceRecord {
  layer: string;
  op: string;
  /** max |outputFrom(activations) − predict(images)| / max |predict(images)|. */
  forwardError: number;
  /** |finite difference along the gradient − |gradient|| / |gradient|. */
  gradientError: number;
  /** Why the check could not run (both errors NaN). */
  error?: string;
}

export interface ModelReport {
  model: string;
  backend: string;
  format: 'layers-model' | 'graph-model';
  /** Layers of each op among the conv/add/concat/norm layers. */
  kinds: Record<string, number>;
  defaultLayer: string;
  runs: RunRecord[];
  finiteDifferences: FiniteDifferenceRecord[];
  maps: Record<string, number[]>;
  seconds: number;
}

const SWEPT_OPS = /conv|^add|concat|norm/i;
const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    model: { type: 'string' },
    output: { type: 'string' },
    every: { type: 'string', default: '2' },
    'methods-at': { type: 'string', default: 'kinds' },
    out: { type: 'string' },
    resume: { type: 'boolean', default: false },
    'sweep-only': { type: 'string' },
    'sweep-from': { type: 'string' },
  },
});
if (!values.model) throw new Error('--model DIR|FILE is required');
const methodsAt = values['methods-at']!;
if (!['kinds', 'middle', 'last'].includes(methodsAt))
  throw new Error(`--methods-at: 'kinds', 'middle' or 'last', got '${methodsAt}'`);
const sweepOnly = values['sweep-only']?.split(',');
for (const method of sweepOnly ?? [])
  if (!EVERY_LAYER_METHODS.includes(method as CamMethodName))
    throw new Error(`--sweep-only: '${method}' is not an every-layer method`);
const backend = values.backend!;
await initBackend({ backend, allowSoftwareGpu: true });
const started = Date.now();
const model = await loadModel(values.model);
const output = values.output;
const format = 'execute' in model ? 'graph-model' : 'layers-model';
const [, height, width, channels] = asCamModel(model, output).inputShape;
const images = tf.randomUniform(
  [1, height ?? 224, width ?? 224, channels ?? 3],
  0,
  1,
  'float32',
  3,
) as tf.Tensor4D;
const swept = listCamLayers(model, { output, imageShape: images.shape }).filter(({ op }) =>
  SWEPT_OPS.test(op),
);
const representatives = representativePerOp(swept);
const report: ModelReport = {
  model: values.model,
  backend,
  format,
  kinds: Object.fromEntries([...groupByOp(swept)].map(([op, layers]) => [op, layers.length])),
  defaultLayer: '',
  runs: [],
  finiteDifferences: [],
  maps: {},
  seconds: 0,
};
if (values.resume && values.out && existsSync(values.out)) {
  // Keep the runs and checks that succeeded (the runs' maps too); the failed ones run again.
  const previous = JSON.parse(readFileSync(values.out, 'utf8')) as ModelReport;
  report.runs = previous.runs.filter(({ ok }) => ok);
  report.maps = previous.maps;
  report.finiteDifferences = previous.finiteDifferences.filter(({ error }) => !error);
}

const recorded = (layer: CamLayerInfo | string, method: string) =>
  report.runs.some((r) => r.key === `${nameOf(layer)}|${method}`);

/**
 * `seconds`: the run's share of a pass shared with other methods, instead of timing `run`; `saveNow`
 * false leaves the report's save to the caller (one save for a capture of many layers).
 */
async function record(
  method: string,
  layer: CamLayerInfo | string,
  run: () => Promise<number[]>,
  seconds?: number,
  saveNow = true,
) {
  const name = nameOf(layer);
  const op = typeof layer === 'string' ? '' : layer.op;
  const key = `${name}|${method}`;
  if (recorded(layer, method)) return;
  const start = Date.now();
  try {
    const map = await run();
    if (map.some((v) => !Number.isFinite(v))) throw new Error('non-finite map');
    report.maps[key] = map;
    report.runs.push({
      key,
      method,
      layer: name,
      op,
      ok: true,
      seconds: seconds ?? (Date.now() - start) / 1000,
    });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!;
    report.runs.push({
      key,
      method,
      layer: name,
      op,
      ok: false,
      error: message,
      seconds: (Date.now() - start) / 1000,
    });
  }
  const last = report.runs[report.runs.length - 1]!;
  console.log(`${key} ${last.ok ? 'ok' : `FAILED ${last.error}`} ${last.seconds.toFixed(1)} s`);
  if (saveNow) await save(); // after each run: a run stopped by a timeout keeps what it did
}

async function save(): Promise<void> {
  report.seconds = (Date.now() - started) / 1000;
  if (values.out) await writeFileAtomic(values.out, JSON.stringify(report));
}

async function camMap(layer: string | undefined, method: CamMethodName): Promise<number[]> {
  const result = await gradcam(model, images, { layer, method, output, targets: 0, batchSize: 16 });
  const raw = Array.from(await result.raw.data());
  tf.dispose([result.cams, result.raw, result.logits]);
  return raw;
}

/**
 * `methods` at `layer` from one capture (`gradcamEach`); if that fails, each method on its own, so
 * that the failure is put on the method that fails.
 */
async function recordEach(methods: readonly CamMethodName[], layer: CamLayerInfo | string) {
  const pending = methods.filter((method) => !recorded(layer, method));
  if (pending.length === 0) return;
  const start = Date.now();
  const maps = await camMaps(nameOf(layer), pending).catch(() => undefined);
  const share = (Date.now() - start) / 1000 / pending.length;
  for (const method of pending) {
    const run = maps ? async () => maps[method]! : () => camMap(nameOf(layer), method);
    await record(method, layer, run, maps ? share : undefined);
  }
}

/**
 * `methods` at each of `pending` from one capture of them all (`gradcamLayers`: one forward and backward
 * pass); if that fails, layer by layer (`recordEach`).
 */
async function recordLayers(
  methods: readonly CamMethodName[],
  pending: ReadonlyArray<CamLayerInfo | string>,
) {
  const start = Date.now();
  const all = await gradcamLayers(model, images, {
    layers: pending.map(nameOf),
    methods,
    output,
    targets: 0,
    batchSize: 16,
  }).catch(() => undefined);
  if (!all) {
    for (const layer of pending) await recordEach(methods, layer);
    return;
  }
  // The maps read before the clock stops: a backend may still be computing them when gradcamLayers returns.
  const maps = await Promise.all(
    all.map(({ maps }) =>
      Promise.all(maps.map(async ({ method, raw }) => ({ method, map: Array.from(await raw.data()) }))),
    ),
  );
  const share = (Date.now() - start) / 1000 / (pending.length * methods.length);
  for (const [l, layer] of pending.entries())
    for (const { method, map } of maps[l]!) await record(method, layer, async () => map, share, false);
  await save();
  tf.dispose(all.flatMap(({ logits, maps }) => [logits, ...maps.flatMap(({ cams, raw }) => [cams, raw])]));
}

async function camMaps(layer: string, methods: readonly CamMethodName[]): Promise<Record<string, number[]>> {
  const each = await gradcamEach(model, images, { layer, methods, output, targets: 0, batchSize: 16 });
  try {
    const maps = await Promise.all(
      each.maps.map(async ({ method, raw }) => [method, Array.from(await raw.data())]),
    );
    return Object.fromEntries(maps);
  } finally {
    tf.dispose([each.logits, ...each.maps.flatMap(({ cams, raw }) => [cams, raw])]);
  }
}

async function explainMap(options: Parameters<typeof explain>[2]): Promise<number[]> {
  const { cams, logits } = await explain(model, images, { ...options, output, targets: 0 });
  const map = Array.from(await cams.data());
  tf.dispose([cams, logits]);
  return map;
}

// The default layer, named by the result.
const defaultRun = await gradcam(model, images, { output, targets: 0 });
report.defaultLayer = defaultRun.layer;
tf.dispose([defaultRun.cams, defaultRun.raw, defaultRun.logits]);
const defaultLayer = swept.find(({ name }) => name === report.defaultLayer) ?? report.defaultLayer;
if (!sweepOnly) await record('gradcam', defaultLayer, () => camMap(report.defaultLayer, 'gradcam'));

const methodLayers: Array<CamLayerInfo | string> =
  methodsAt === 'kinds'
    ? representatives
    : methodsAt === 'middle'
      ? [swept[Math.floor(swept.length / 2)]!]
      : [defaultLayer];
const pixels = (layer: CamLayerInfo | string) =>
  typeof layer === 'string' ? 0 : (layer.shape[1] ?? 0) * (layer.shape[2] ?? 0);
const fewestPixels = [...swept].reverse().reduce((a, b) => (pixels(b) < pixels(a) ? b : a));
const fewestChannels = [...swept].reverse().reduce((a, b) => ((b.shape[3] ?? 0) < (a.shape[3] ?? 0) ? b : a));
const camMethods = Object.keys(CAM_METHODS) as CamMethodName[];
// The CAM methods at the method layers, then at every n-th layer, from one capture per group of layers:
// ShapleyCAM after the others, so that a run stopped by its time limit has the others everywhere.
const every = Number(values.every);
const everyNth = swept.filter((_, i) => every > 0 && i % every === 0);
const camLayers = sweptFrom([...new Set([...methodLayers, ...everyNth])], values['sweep-from']);
for (const { methods: passMethods, layersPerCapture } of EVERY_LAYER_PASSES) {
  const methods = passMethods.filter((method) => !sweepOnly || sweepOnly.includes(method));
  const pending = camLayers.filter((layer) => methods.some((method) => !recorded(layer, method)));
  for (let i = 0; i < pending.length; i += layersPerCapture)
    await recordLayers(methods, pending.slice(i, i + layersPerCapture));
}
// The methods that run at some layers, and the finite-difference checks: not with --sweep-only.
if (!sweepOnly) {
  for (const method of PER_PIXEL_PAIR_METHODS)
    await record(method, fewestPixels, () => camMap(fewestPixels.name, method));
  for (const layer of methodLayers) {
    await record('finercam', layer, () => explainMap({ method: 'finercam', layer: nameOf(layer) }));
    await record('refinecam', layer, () =>
      explainMap({ method: 'refinecam', layer: [nameOf(layer), report.defaultLayer] }),
    );
  }
  await record('fullgrad', 'input', () => explainMap({ method: 'fullgrad' }));
  await record('guidedbackprop', 'input', async () => {
    const layersModel = requireLayersModel(model, 'guided backpropagation');
    return valuesOf(await guidedBackprop(layersModel, images, { targets: 0 }));
  });
  await record('dff', methodLayers[0]!, async () => {
    const layersModel = requireLayersModel(model, 'Deep Feature Factorization');
    const dff = await deepFeatureFactorization(layersModel, images, {
      layer: nameOf(methodLayers[0]!),
      components: 4,
    });
    dff.concepts.dispose();
    return valuesOf(dff.explanations);
  });

  const checked = [...new Set([...methodLayers, defaultLayer])].filter((layer) => typeof layer !== 'string');
  for (const layer of checked.filter((l) => !report.finiteDifferences.some((c) => c.layer === l.name))) {
    const check = await finiteDifferenceCheck(asCamModel(model, output), layer.name, images).catch(
      (error: Error) => ({ forwardError: Number.NaN, gradientError: Number.NaN, error: error.message }),
    );
    report.finiteDifferences.push({ layer: layer.name, op: layer.op, ...check });
    await save();
    console.log(
      `finite differences at ${layer.name}: forward ${check.forwardError.toExponential(1)}, gradient ${check.gradientError.toExponential(1)}`,
    );
  }

  // Score-CAM and Ablation-CAM last (one forward pass per channel: ten minutes at one layer of a
  // MobileNet on software WebGPU): a run stopped by its time limit has every gradient method at the
  // layers it reached.
  for (const method of camMethods.filter((m) => PER_CHANNEL_METHODS.has(m)))
    await record(method, fewestChannels, () => camMap(fewestChannels.name, method));
}

await save();
const failed = report.runs.filter(({ ok }) => !ok).length;
console.log(
  `${report.runs.length - failed} of ${report.runs.length} runs ok on ${backend} in ${report.seconds.toFixed(1)} s`,
);

async function loadModel(path: string): Promise<ExplainableModel> {
  const file = path.endsWith('.json') ? path : join(path, 'model.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as { format?: string };
  return json.format === 'graph-model' ? loadGraphModel(fileSystem(file)) : loadLayersModel(fileSystem(file));
}

function groupByOp(layers: readonly CamLayerInfo[]): Map<string, CamLayerInfo[]> {
  const groups = new Map<string, CamLayerInfo[]>();
  for (const layer of layers) groups.set(layer.op, [...(groups.get(layer.op) ?? []), layer]);
  return groups;
}

/** The middle layer of each op, in network order. */
function representativePerOp(layers: readonly CamLayerInfo[]): CamLayerInfo[] {
  const chosen = new Set(
    [...groupByOp(layers).values()].map((group) => group[Math.floor(group.length / 2)]!),
  );
  return layers.filter((layer) => chosen.has(layer));
}

/** The layers from `from` on (all without it). */
function sweptFrom<T extends CamLayerInfo | string>(layers: T[], from: string | undefined): T[] {
  if (from === undefined) return layers;
  const start = layers.findIndex((layer) => nameOf(layer) === from);
  if (start < 0) throw new Error(`--sweep-from: '${from}' is not one of the ${layers.length} swept layers`);
  return layers.slice(start);
}

function nameOf(layer: CamLayerInfo | string): string {
  return typeof layer === 'string' ? layer : layer.name;
}

async function valuesOf(tensor: tf.Tensor): Promise<number[]> {
  const data = Array.from(await tensor.data());
  tensor.dispose();
  return data;
}
