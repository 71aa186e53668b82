import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKEND_ORDER, type BackendName, initBackend } from '@bcos/backend';

/** A wrong invocation: printed with the usage, exit code 2. */
export class UsageError extends Error {}

type FlagSpec = Record<string, { type: 'string' | 'boolean' }>;
export type FlagValues = Record<string, string | boolean | undefined>;

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

/**
 * Strict flag parsing: unknown flags and positionals are usage errors; `--help` prints the usage.
 * Boolean flags of `spec` default to false, so an undefined one is a flag the command does not offer.
 */
export function parseFlags(argv: readonly string[], spec: FlagSpec, usage: string): FlagValues {
  const options = Object.fromEntries(
    Object.entries(spec).map(([flag, option]) => [
      flag,
      option.type === 'boolean' ? { ...option, default: false } : option,
    ]),
  );
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function integerFlag(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(number) || number < 1)
    throw new UsageError(`${flag} must be a positive integer, got '${value}'`);
  return number;
}

export function backendFlag(value: string | boolean | undefined): BackendName | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (BACKEND_ORDER as readonly string[]).includes(value))
    return value as BackendName;
  throw new UsageError(`--backend must be one of ${BACKEND_ORDER.join(', ')}, got '${value}'`);
}

export interface ExampleFlags {
  config: string;
  /** Absolute; absent with --synthetic. */
  dataDir?: string;
  download: boolean;
  synthetic: boolean;
  backend?: BackendName;
  out: string;
  /** Recipe overrides from --epochs / --batch-size (a merge patch). */
  overrides: Record<string, unknown>;
}

/** Checks the common flags together: real data needs --data-dir, --synthetic excludes it. */
export function exampleFlags(values: FlagValues, defaults: { config: string; out: string }): ExampleFlags {
  const synthetic = values.synthetic === true;
  const download = values.download === true;
  const dataDir = values['data-dir'] as string | undefined;
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
  const epochs = integerFlag(values.epochs, '--epochs');
  const batchSize = integerFlag(values['batch-size'], '--batch-size');
  return {
    config: resolve((values.config as string | undefined) ?? defaults.config),
    ...(dataDir === undefined ? {} : { dataDir: resolve(dataDir) }),
    download,
    synthetic,
    backend: backendFlag(values.backend),
    out: resolve((values.out as string | undefined) ?? defaults.out),
    overrides: {
      ...(epochs === undefined ? {} : { epochs }),
      ...(batchSize === undefined ? {} : { batchSize }),
    },
  };
}

/** Starts the backend (the named one, or the fastest that starts) and says which. */
export async function startBackend(
  name: BackendName | undefined,
  log: (line: string) => void,
): Promise<BackendName> {
  const backend = await initBackend(name ? { backend: name } : {});
  log(`backend: ${backend.name} (${backend.description})`);
  return backend.name;
}

/** Runs an example's main: errors print their message (and the usage for usage errors) and set the exit code. */
export function runMain(usage: string, main: (argv: string[]) => Promise<void>): void {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      if (error instanceof UsageError) process.stderr.write(`\n${usage}\n`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
