import { parseArgs } from 'node:util';

type FlagSpec = Record<string, { type: 'string' | 'boolean' }>;
type FlagValues<T extends FlagSpec> = { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string };

/** A wrong invocation: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** Parses flags strictly (unknown flags are usage errors) and turns `--help` into the usage text. */
export function parseFlags<T extends FlagSpec>(argv: string[], options: T, usage: string): FlagValues<T> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    });
    if ((values as { help?: boolean }).help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return values as FlagValues<T>;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function requireFlag(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

export function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number)) throw new UsageError(`${flag} must be a number, got '${value}'`);
  return number;
}

/** Runs a CLI's main: errors print their message (and the usage for usage errors) and set the exit code. */
export function runCli(usage: string, main: (argv: string[]) => Promise<void>): void {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`error: ${message}\n`);
      if (error instanceof UsageError) process.stderr.write(`\n${usage}\n`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
