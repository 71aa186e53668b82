import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BACKEND_ORDER, type BackendName, initBackend } from '@bcos/backend';
import { backendFlag, type FlagSpec, positiveIntegerFlag, UsageError } from '@bcos/backend/node';

/** The common flags as `parseFlags` of @bcos/backend returns them (absent: the example does not offer it). */
export interface ExampleFlagValues {
  config?: string;
  'data-dir'?: string;
  download?: boolean;
  synthetic?: boolean;
  backend?: string;
  epochs?: string;
  'batch-size'?: string;
  out?: string;
}

/** Where the data comes from: a dataset on disk (optionally downloaded first). */
export const DATA_FLAGS = {
  'data-dir': { type: 'string' },
  download: { type: 'boolean' },
} as const satisfies FlagSpec;

/** A generated dataset instead. */
export const SYNTHETIC_FLAG = { synthetic: { type: 'boolean' } } as const satisfies FlagSpec;

/** How the recipe runs. */
export const RUN_FLAGS = {
  config: { type: 'string' },
  backend: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  out: { type: 'string' },
} as const satisfies FlagSpec;

const FLAG_HELP: Record<string, string> = {
  'data-dir': '--data-dir DIR      the dataset on disk (required)',
  download: '--download          fetch the dataset into --data-dir first (verified, resumable)',
  synthetic:
    "--synthetic         train on a generated dataset, with the recipe's reduced 'synthetic' settings",
  config: '--config FILE       the recipe (a bcos-train run config; data, out and backend come from flags)',
  backend: `--backend NAME      ${BACKEND_ORDER.join(' | ')} (default: the fastest that starts)`,
  epochs: "--epochs N          override the recipe's epochs",
  'batch-size': "--batch-size N      override the recipe's batch size",
  out: '--out DIR           output folder',
};

/** One usage line per flag of `spec` that has help text. */
export function flagHelp(spec: FlagSpec): string {
  const help = (flag: string) =>
    flag === 'data-dir' && 'synthetic' in spec
      ? FLAG_HELP[flag]!.replace('(required)', '(required unless --synthetic)')
      : FLAG_HELP[flag];
  return Object.keys(spec)
    .filter((flag) => FLAG_HELP[flag])
    .map((flag) => `  ${help(flag)}`)
    .join('\n');
}

export interface ExampleFlags {
  config: string;
  /** Absolute; absent with --synthetic. */
  dataDir?: string;
  download: boolean;
  synthetic: boolean;
  backend?: BackendName | 'auto';
  out: string;
  /** Recipe overrides from --epochs / --batch-size (a merge patch). */
  overrides: Record<string, unknown>;
}

/** Checks the common flags together: real data needs --data-dir, --synthetic excludes it. */
export function exampleFlags(
  values: ExampleFlagValues,
  defaults: { config: string; out: string },
): ExampleFlags {
  const synthetic = values.synthetic === true;
  const download = values.download === true;
  const dataDir = values['data-dir'];
  if (synthetic && (dataDir !== undefined || download))
    throw new UsageError('--synthetic generates its data: leave out --data-dir and --download');
  if (!synthetic && dataDir === undefined)
    throw new UsageError(
      values.synthetic === undefined
        ? '--data-dir DIR is required'
        : '--data-dir DIR is required (or --synthetic to train on generated data)',
    );
  if (dataDir !== undefined && !download && !existsSync(dataDir))
    throw new UsageError(
      `--data-dir ${dataDir}: no such file or directory (add --download to fetch it there)`,
    );
  const epochs = positiveIntegerFlag(values.epochs, '--epochs');
  const batchSize = positiveIntegerFlag(values['batch-size'], '--batch-size');
  return {
    config: resolve(values.config ?? defaults.config),
    ...(dataDir === undefined ? {} : { dataDir: resolve(dataDir) }),
    download,
    synthetic,
    backend: backendFlag(values.backend),
    out: resolve(values.out ?? defaults.out),
    overrides: {
      ...(epochs === undefined ? {} : { epochs }),
      ...(batchSize === undefined ? {} : { batchSize }),
    },
  };
}

/** Starts the backend (the named one, or the fastest that starts) and says which. */
export async function startBackend(
  name: BackendName | 'auto' | undefined,
  log: (line: string) => void,
): Promise<BackendName> {
  const backend = await initBackend(name ? { backend: name } : {});
  log(`backend: ${backend.name} (${backend.description})`);
  return backend.name;
}
