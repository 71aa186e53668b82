import { parseArgs } from 'node:util';
import { BACKEND_ORDER, type BackendName } from '@bcos/backend';
import { printVersionIfAsked } from '@bcos/backend/node';

type FlagSpec = Record<string, { type: 'string' | 'boolean' }>;
type FlagValues<T extends FlagSpec> = { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };

/** A wrong invocation: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** Parses flags strictly (unknown flags are usage errors) and turns `--help` into the usage text. */
export function parseFlags<T extends FlagSpec>(argv: string[], options: T, usage: string): FlagValues<T> {
  return parseCommandLine(argv, options, usage, false).flags;
}

/** `parseFlags` for commands that also take positional arguments (allowed only when `positionals`). */
export function parseCommandLine<T extends FlagSpec>(
  argv: string[],
  options: T,
  usage: string,
  positionals = true,
): { flags: FlagValues<T>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: positionals,
    });
    if ((parsed.values as { help?: boolean }).help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return { flags: parsed.values as FlagValues<T>, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function requireFlag(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
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

/** `--backend`: one of the backends @bcos/backend can start, or auto. */
export function backendFlag(value: string | undefined): BackendName | 'auto' | undefined {
  return choiceFlag(value, '--backend', ['auto', ...BACKEND_ORDER] as const);
}

/**
 * Runs a CLI's main: `--version` prints the version of the package holding `moduleUrl` (the bin's
 * `import.meta.url`); errors print their message (and the usage for usage errors) and set the exit code.
 */
export function runCli(usage: string, main: (argv: string[]) => Promise<void>, moduleUrl: string): void {
  const argv = process.argv.slice(2);
  if (printVersionIfAsked(argv, moduleUrl)) process.exit(0);
  main(argv).then(
    () => process.exit(0),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: ${message}\n`);
      if (error instanceof UsageError) process.stderr.write(`\n${usage}\n`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
