import { existsSync } from 'node:fs';
import { initBackend } from '@bcos/backend';
import { type RunConfig, runConfigSchema } from '../run/config-schema';
import { readRunConfig } from '../run/read-run-config';
import { runTraining } from '../run/run-training';
import { backendFlag, parseFlags, positiveIntegerFlag, requireFlag, UsageError } from './run-cli';

export const TRAIN_USAGE = `usage: bcos-train --config run.json [--backend cpu|wasm|webgpu|tensorflow] [--epochs N] [--data-dir DIR] [--out DIR] [--resume | --resume-from CHECKPOINT]

Trains the model a run config describes; flags override the config. --resume continues from the
latest checkpoint in <out>/checkpoints (an error when there is none), --resume-from from the one named. Writes <out>/model (final
weights + bcos-model.json), <out>/checkpoints, <out>/log.jsonl and <out>/report/index.html.
Paths in run.json (out, data.dir, data.cache) are relative to its folder, those of flags to the
current directory.

run.json keys (* required), described in the "CLIs" section of @bcos/train's README.md:
  ${configKeys()}`;

/** The run config's top-level keys, read off its schema; required ones starred. */
function configKeys(): string {
  return Object.entries(runConfigSchema.shape)
    .map(([key, schema]) => (schema.safeParse(undefined).success ? key : `${key}*`))
    .join(', ');
}

/** The data folder must exist before a backend starts; the error says where its path came from. */
function checkDataDir(config: RunConfig, configPath: string, dataDirFlag: string | undefined): void {
  const { dir } = config.data;
  if (existsSync(dir)) return;
  if (dataDirFlag !== undefined) throw new UsageError(`--data-dir ${dataDirFlag}: ${dir} does not exist`);
  throw new Error(
    `data.dir of ${configPath}: ${dir} does not exist (a run config's paths are relative to its folder)`,
  );
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
  const config = await readRunConfig(configPath, {
    backend: backendFlag(flags.backend),
    epochs: positiveIntegerFlag(flags.epochs, '--epochs'),
    out: flags.out,
    dataDir: flags['data-dir'],
  });
  checkDataDir(config, configPath, flags['data-dir']);
  const backend = await initBackend({ backend: config.backend });
  console.log(`backend: ${backend.name} (${backend.description})`);
  const { model, paths } = await runTraining(config, {
    resume: flags['resume-from'] ?? flags.resume ?? false,
  });
  model.dispose();
  console.log(`model: ${paths.model}`);
  if (paths.report) console.log(`report: ${paths.report}`);
}
