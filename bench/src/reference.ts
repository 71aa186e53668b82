import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Interpreters tried for PyTorch references: Debian's python3-torch lives under /usr/bin/python3. */
const PYTHONS = ['python3', '/usr/bin/python3'];

/**
 * Runs a PyTorch reference script of bench/reference/ and returns its JSON lines, or the reason it
 * could not run (no PyTorch here), so that a suite can print the ratio measured in the same run.
 */
export function runTorchReference(
  script: string,
  args: string[],
): { rows: Array<Record<string, unknown>> } | { skipped: string } {
  const path = fileURLToPath(new URL(`../reference/${script}`, import.meta.url));
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
