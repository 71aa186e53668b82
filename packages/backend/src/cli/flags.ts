import { parseArgs } from 'node:util';
import { BACKEND_ORDER, type BackendName } from '../backends/types';

/** A wrong invocation: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export type FlagSpec = Record<string, { type: 'string' | 'boolean' }>;
/** Boolean flags are false unless given; string flags are undefined unless given. */
export type FlagValues<T extends FlagSpec> = {
  [K in keyof T]: T[K]['type'] extends 'boolean' ? boolean : string | undefined;
};

/**
 * Parses a CLI's flags strictly: unknown flags and positionals are usage errors; `--help` prints the
 * usage and exits.
 */
export function parseFlags<T extends FlagSpec>(
  argv: readonly string[],
  spec: T,
  usage: string,
): FlagValues<T> {
  return parseCommandLine(argv, spec, usage, false).flags;
}

/** `parseFlags` for commands that also take positional arguments (allowed only when `positionals`). */
export function parseCommandLine<T extends FlagSpec>(
  argv: readonly string[],
  spec: T,
  usage: string,
  positionals = true,
): { flags: FlagValues<T>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(spec).map(([flag, option]) => [
      flag,
      option.type === 'boolean' ? { type: 'boolean' as const, default: false } : { type: 'string' as const },
    ]),
  );
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: positionals,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return { flags: parsed.values as FlagValues<T>, positionals: parsed.positionals };
}

export function requireFlag(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

export function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number))
    throw new UsageError(`${flag} must be a number, got '${value}'`);
  return number;
}

export function positiveIntegerFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 1)
    throw new UsageError(`${flag} must be a positive integer, got '${value}'`);
  return number;
}

export function choiceFlag<T extends string>(
  value: string | undefined,
  flag: string,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`${flag} ${value}: expected one of ${choices.join(', ')}`);
  return value as T;
}

/** `--backend`: one of the backends `initBackend` can start, or auto (the fastest that starts). */
export function backendFlag(value: string | undefined): BackendName | 'auto' | undefined {
  return choiceFlag(value, '--backend', ['auto', ...BACKEND_ORDER] as const);
}
