import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Interpreters tried for PyTorch references: Debian's python3-torch lives under /usr/bin/python3. */
const PYTHONS = ['python3', '/usr/bin/python3'];

/** bench/reference/<script>, found from wherever the bundler put this code (src/ or dist/suites/). */
function referenceScript(script: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'reference', script))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`bench: reference script ${script} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return join(dir, 'reference', script);
}

/**
 * Runs a PyTorch reference script of bench/reference/ and returns its JSON lines, or the reason it
 * could not run (no PyTorch here), so that a suite can print the ratio measured in the same run.
 */
export function runTorchReference(
  script: string,
  args: string[],
): { rows: Array<Record<string, unknown>> } | { skipped: string } {
  const path = referenceScript(script);
  const reasons: string[] = [];
  for (const python of PYTHONS) {
    const result = spawnSync(python, [path, ...args], { encoding: 'utf8' });
    if (result.status === 0) {
      const rows = result.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      return { rows };
    }
    reasons.push(`${python}: ${(result.stderr || String(result.error ?? '')).trim().split('\n').at(-1)}`);
  }
  return { skipped: reasons.join('; ') };
}
