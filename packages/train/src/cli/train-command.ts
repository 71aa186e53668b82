import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { cifarTrainAugment, normalize, type Transform } from '@bcos/augment';
import { initBackend } from '@bcos/backend';
import type { ImageDataset } from '@bcos/datasets';
import type { CamMethodName } from '@bcos/gradcam';
import { saveModel } from '../checkpoint/model-weights';
import { detectEncoding, type InputEncoding } from '../loop/input-pipeline';
import { train } from '../loop/train';
import { writeReport } from '../report/write-report';
import { buildModel } from './build-model';
import { parseRunConfig, type RunConfig } from './config-schema';
import { loadDatasets } from './load-datasets';
import { writeModelInfo } from './model-info';
import { numberFlag, parseFlags, requireFlag } from './run-cli';

export const TRAIN_USAGE = `usage: bcos-train --config run.json [--backend cpu|wasm|webgpu|tensorflow] [--epochs N] [--data-dir DIR] [--out DIR] [--resume]

Trains the model a run config describes; flags override the config. Writes <out>/model (final
weights + bcos-model.json), <out>/checkpoints, <out>/log.jsonl and <out>/report/index.html.`;

async function readConfig(path: string, overrides: Record<string, unknown>): Promise<RunConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `--config ${path}: ${(error as { code?: string }).code === 'ENOENT' ? 'file not found' : (error as Error).message}`,
    );
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`--config ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const data = {
    ...(json.data as object),
    ...(overrides.dataDir === undefined ? {} : { dir: overrides.dataDir }),
  };
  const merged = {
    ...json,
    data,
    ...Object.fromEntries(Object.entries(overrides).filter(([k, v]) => k !== 'dataDir' && v !== undefined)),
  };
  return parseRunConfig(merged, path);
}

/** Training and evaluation transforms; B-cos models take the 6-channel encoding, so no normalisation. */
function transforms(
  config: RunConfig,
  encoding: InputEncoding,
): { augment?: Transform; evalTransform?: Transform; normalize?: { mean: number[]; std: number[] } } {
  const stats =
    encoding === 'rgb' && config.augment.mean && config.augment.std
      ? { mean: config.augment.mean, std: config.augment.std }
      : undefined;
  const evalTransform = stats ? normalize(stats) : undefined;
  if (config.augment.preset === 'none') return { augment: evalTransform, evalTransform, normalize: stats };
  return { augment: cifarTrainAugment(stats ?? { mean: 0, std: 1 }), evalTransform, normalize: stats };
}

export async function trainCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(
    argv,
    {
      config: { type: 'string' },
      backend: { type: 'string' },
      epochs: { type: 'string' },
      'data-dir': { type: 'string' },
      out: { type: 'string' },
      resume: { type: 'boolean' },
    },
    TRAIN_USAGE,
  );
  const configPath = requireFlag(flags.config, '--config');
  const config = await readConfig(configPath, {
    backend: flags.backend,
    epochs: numberFlag(flags.epochs, '--epochs'),
    out: flags.out,
    dataDir: flags['data-dir'],
  });
  const backend = await initBackend({ backend: config.backend });
  console.log(`backend: ${backend.name} (${backend.description})`);
  const data = await loadDatasets(config.data, config.seed);
  const model = buildModel(config.model, data.train.imageShape, data.train.classNames.length, config.seed);
  const encoding = detectEncoding(model, data.train.imageShape);
  const { augment, evalTransform, normalize: stats } = transforms(config, encoding);
  const out = resolve(config.out);
  const loss = config.loss ?? (encoding === 'bcos' ? 'bce' : 'crossentropy');
  const result = await train({
    model,
    data,
    loss,
    optimizer: config.optimizer,
    epochs: config.epochs,
    batchSize: config.batchSize,
    augment,
    evalTransform,
    schedule: config.schedule,
    clip: config.clip,
    earlyStopping: config.earlyStopping,
    bestModel: config.bestModel,
    checkpointDir: join(out, 'checkpoints'),
    checkpointEverySteps: config.checkpointEverySteps,
    resume: flags.resume ?? false,
    seed: config.seed,
    logFile: join(out, 'log.jsonl'),
  });
  const modelDir = join(out, 'model');
  await saveModel(model, modelDir);
  await writeModelInfo(modelDir, {
    classNames: [...data.train.classNames],
    imageShape: [...data.train.imageShape],
    encoding,
    loss,
    ...(stats ? { normalize: stats } : {}),
  });
  console.log(`model: ${modelDir}`);
  const shown: ImageDataset = data.test ?? data.val ?? data.train;
  if (config.report.enabled) {
    const { index } = await writeReport({
      directory: join(out, 'report'),
      model,
      dataset: shown,
      history: result.history,
      loss,
      evalTransform,
      batchSize: config.batchSize,
      misclassified: config.report.misclassified,
      correct: config.report.correct,
      gradcam: { method: config.report.gradcamMethod as CamMethodName, layer: config.report.gradcamLayer },
    });
    console.log(`report: ${index}`);
  }
}
