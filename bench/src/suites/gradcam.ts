/**
 * Grad-CAM family on a ResNet-18 (CIFAR stem, batch norm, 10 classes, 32×32 inputs): ms per batch
 * of images per method and backend, and the ratio to one forward + backward of the model (the
 * gradients of all weights for the summed top logits, as a training step computes them, with batch
 * norm in inference mode), measured in the same run.
 *   npm run bench -- gradcam [--backends cpu,wasm,webgpu] [--width 8] [--batch 64]
 *                           [--methods gradcam,scorecam] [--layer layer4.1] [--scorecam-images 4]
 * Defaults keep a CPU run to minutes: width 8 (ResNet-18 is --width 64), and Score-CAM, which runs
 * images × channels masked forward passes, timed on --scorecam-images images and scaled linearly
 * to the batch (its cost is linear in the number of images; the table shows both). A second table
 * puts Grad-CAM and LayerCAM at every conv, add and norm layer one layer at a time (`gradcamEach`)
 * beside all layers from one pass (`gradcamLayers`).
 */
import {
  CAM_METHODS,
  type CamComparison,
  type CamMethodName,
  GradCAM,
  gradcamEach,
  gradcamLayers,
  listCamLayers,
} from '@bcos/gradcam';
import { resnet18 } from '@bcos/resnet';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type BenchArgs, eachBackend, measure, printTable } from '../harness';

interface Settings {
  width: number;
  batch: number;
  scoreCamImages: number;
  methods: CamMethodName[];
  layer: string | undefined;
}

type Row = Record<string, string | number>;

function positiveInteger(options: Record<string, string>, key: string, fallback: number): number {
  const value = options[key] === undefined ? fallback : Number(options[key]);
  if (!(Number.isInteger(value) && value > 0)) {
    throw new Error(`bench gradcam: --${key} must be a positive integer, got '${options[key]}'`);
  }
  return value;
}

function settingsFrom(options: Record<string, string>): Settings {
  const methods = options.methods?.split(',').filter(Boolean) ?? Object.keys(CAM_METHODS);
  for (const name of methods) {
    if (!(name in CAM_METHODS)) throw new Error(`bench gradcam: unknown method '${name}' in --methods`);
  }
  const batch = positiveInteger(options, 'batch', 64);
  return {
    width: positiveInteger(options, 'width', 8),
    batch,
    scoreCamImages: Math.min(batch, positiveInteger(options, 'scorecam-images', 4)),
    methods: methods as CamMethodName[],
    layer: options.layer,
  };
}

/** The weight gradients of Σ top logit: one forward + backward as in training (batch norm on moving statistics). */
function forwardBackward(model: LayersModel, images: tf.Tensor4D): tf.NamedTensorMap {
  return tf.variableGrads(() => tf.sum(tf.max(model.apply(images, { training: false }) as tf.Tensor2D, 1)))
    .grads;
}

async function baselineRows(
  backend: string,
  model: LayersModel,
  images: tf.Tensor4D,
): Promise<{ rows: Row[]; ms: number }> {
  const forward = await measure(() => model.apply(images, { training: false }) as tf.Tensor, {
    warmup: 1,
    minRuns: 3,
  });
  const both = await measure(() => forwardBackward(model, images), { warmup: 1, minRuns: 3 });
  const row = (method: string, ms: number, runs: number): Row => ({
    backend,
    method,
    layer: '-',
    images: String(images.shape[0]),
    'ms/batch': ms,
    '× fwd+bwd': ms / both.medianMs,
    runs: String(runs),
  });
  return {
    rows: [row('forward', forward.medianMs, forward.runs), row('forward+backward', both.medianMs, both.runs)],
    ms: both.medianMs,
  };
}

interface Context {
  backend: string;
  model: LayersModel;
  images: tf.Tensor4D;
  settings: Settings;
  baselineMs: number;
}

async function methodRow(
  { backend, model, images, settings, baselineMs }: Context,
  method: CamMethodName,
): Promise<Row> {
  const scoreCam = method === 'scorecam';
  const timed = scoreCam ? tf.slice(images, 0, settings.scoreCamImages) : images;
  const cam = new GradCAM(model, { method, layer: settings.layer });
  const timing = await measure(
    async () => {
      const { cams, raw, logits } = await cam.compute(timed);
      return [cams, raw, logits];
    },
    scoreCam ? { warmup: 0, minRuns: 1, minTotalMs: 0 } : { warmup: 1, minRuns: 3 },
  );
  const perBatch = (timing.medianMs * settings.batch) / timed.shape[0];
  const row = {
    backend,
    method,
    layer: cam.layer.name,
    images: String(timed.shape[0]),
    'ms/batch': perBatch,
    '× fwd+bwd': perBatch / baselineMs,
    runs: String(timing.runs),
  };
  cam.dispose();
  if (timed !== images) timed.dispose();
  console.log(`# ${backend} ${method}: ${timing.medianMs.toFixed(0)} ms for ${timed.shape[0]} images`);
  return row;
}

const freeComparison = ({ logits, maps }: CamComparison) =>
  tf.dispose([logits, ...maps.flatMap(({ cams, raw }) => [cams, raw])]);

/** Grad-CAM and LayerCAM at every conv, add and norm layer: one capture per layer against one for all. */
async function everyLayerRow({ backend, model, images }: Context): Promise<Row> {
  const layers = listCamLayers(model)
    .filter(({ op }) => /conv|^add|norm/i.test(op))
    .map(({ name }) => name);
  const methods: CamMethodName[] = ['gradcam', 'layercam'];
  const oneByOne = await measure(
    async () => {
      for (const layer of layers) freeComparison(await gradcamEach(model, images, { layer, methods }));
    },
    { warmup: 1, minRuns: 1, minTotalMs: 0 },
  );
  const onePass = await measure(
    async () => (await gradcamLayers(model, images, { layers, methods })).forEach(freeComparison),
    { warmup: 1, minRuns: 3 },
  );
  return {
    backend,
    layers: String(layers.length),
    'layer by layer ms': oneByOne.medianMs,
    'one pass ms': onePass.medianMs,
    'layer by layer / one pass': oneByOne.medianMs / onePass.medianMs,
  };
}

export async function run(args: BenchArgs): Promise<void> {
  const settings = settingsFrom(args.options);
  const rows: Row[] = [];
  const everyLayer: Row[] = [];
  for await (const backend of eachBackend(args)) {
    const model = resnet18({
      stem: 'cifar',
      norm: 'batch',
      classes: 10,
      inputShape: [32, 32, 3],
      width: settings.width,
    });
    const images = tf.randomUniform([settings.batch, 32, 32, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const baseline = await baselineRows(backend.name, model, images);
    rows.push(...baseline.rows);
    const context = { backend: backend.name, model, images, settings, baselineMs: baseline.ms };
    for (const method of settings.methods) rows.push(await methodRow(context, method));
    everyLayer.push(await everyLayerRow(context));
    images.dispose();
    model.dispose();
  }
  printTable(
    `Grad-CAM on ResNet-18 (CIFAR stem, width ${settings.width}); ms per batch of ${settings.batch} 32×32 images (Score-CAM scaled from 'images')`,
    rows,
  );
  printTable(
    `Grad-CAM and LayerCAM at every conv, add and norm layer of that ResNet-18, batch of ${settings.batch}`,
    everyLayer,
  );
}
