import { readFile } from 'node:fs/promises';
import { initBackend } from '@bcos/backend';
import { parseRunConfig, type RunConfig, runConfigSchema } from '../run/config-schema';
import { runTraining } from '../run/run-training';
import { backendFlag, parseFlags, positiveIntegerFlag, requireFlag, UsageError } from './run-cli';

export const TRAIN_USAGE = `usage: bcos-train --config run.json [--backend cpu|wasm|webgpu|tensorflow] [--epochs N] [--data-dir DIR] [--out DIR] [--resume | --resume-from CHECKPOINT]

Trains the model a run config describes; flags override the config. --resume continues from the
latest checkpoint in <out>/checkpoints (an error when there is none), --resume-from from the one named. Writes <out>/model (final
weights + bcos-model.json), <out>/checkpoints, <out>/log.jsonl and <out>/report/index.html.

run.json keys (* required), described in the "CLIs" section of @bcos/train's README.md:
  ${configKeys()}`;

/** The run config's top-level keys, read off its schema; required ones starred. */
function configKeys(): string {
  return Object.entries(runConfigSchema.shape)
    .map(([key, schema]) => (schema.safeParse(undefined).success ? key : `${key}*`))
    .join(', ');
}

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
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`--config ${path} must hold a JSON object (a run config), not ${JSON.stringify(json)}`);
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
      'resume-from': { type: 'string' },
    },
    TRAIN_USAGE,
  );
  const configPath = requireFlag(flags.config, '--config');
  if (flags.resume && flags['resume-from'])
    throw new UsageError(
      '--resume and --resume-from exclude each other: the latest checkpoint, or the one named',
    );
  const config = await readConfig(configPath, {
    backend: backendFlag(flags.backend),
    epochs: positiveIntegerFlag(flags.epochs, '--epochs'),
    out: flags.out,
    dataDir: flags['data-dir'],
  });
  const backend = await initBackend({ backend: config.backend });
  console.log(`backend: ${backend.name} (${backend.description})`);
  const { model, paths } = await runTraining(config, {
    resume: flags['resume-from'] ?? flags.resume ?? false,
  });
  model.dispose();
  console.log(`model: ${paths.model}`);
  if (paths.report) console.log(`report: ${paths.report}`);
}
