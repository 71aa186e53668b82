import { printVersionIfAsked } from '../io/package-version';
import { UsageError } from './flags';

/**
 * Runs a CLI's main with the process' arguments. With `moduleUrl` (the bin's `import.meta.url`),
 * `--version` prints the version of its package. Errors print their message (usage errors with
 * the usage, exit code 2; others exit code 1).
 */
export function runCli(usage: string, main: (argv: string[]) => Promise<void>, moduleUrl?: string): void {
  const argv = process.argv.slice(2);
  if (moduleUrl !== undefined && printVersionIfAsked(argv, moduleUrl)) process.exit(0);
  main(argv).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      if (error instanceof UsageError) process.stderr.write(`\n${usage}\n`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
