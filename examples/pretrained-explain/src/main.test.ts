import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const EXAMPLE = fileURLToPath(new URL('..', import.meta.url));

async function runMain(...args: string[]) {
  try {
    await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'src/main.ts', ...args],
      {
        cwd: EXAMPLE,
      },
    );
    return { code: 0, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

it('reports a bad flag as a usage error (exit code 2, usage printed) before loading anything', async () => {
  const run = await runMain('--model', 'm', '--images', 'i', '--out', 'o', '--top', '0');
  expect(run.code).toBe(2);
  expect(run.stderr).toContain("--top must be a positive integer, got '0'");
  expect(run.stderr).toContain('usage: pretrained-explain');
  const missing = await runMain('--model', 'm', '--out', 'o');
  expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([2, 'error: --images is required']);
});
