import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The version in the package.json nearest above `moduleUrl` (a CLI's `import.meta.url`, from src/ or dist/). */
export function packageVersion(moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  let directory = start;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no package.json above ${start}`);
    directory = parent;
  }
  return (JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A CLI's `--version`: prints its package's version and returns true (the CLI then stops), else false. */
export function printVersionIfAsked(argv: readonly string[], moduleUrl: string): boolean {
  if (!argv.includes('--version')) return false;
  process.stdout.write(`${packageVersion(moduleUrl)}\n`);
  return true;
}
