import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve('tsx');
const child = fileURLToPath(new URL('./test-wasm-threads-child.ts', import.meta.url));

/** Runs the child on `threads` wasm threads; it must exit by itself (code 0) well within the timeout. */
async function digests(threads: number): Promise<Record<string, string | number>> {
  const { stdout } = await run(
    process.execPath,
    ['--conditions=source', '--import', tsx, child, String(threads)],
    {
      timeout: 90_000,
      killSignal: 'SIGKILL',
    },
  );
  return JSON.parse(stdout) as Record<string, string | number>;
}

describe('wasm on two threads', () => {
  it('gives bitwise the results of one thread for a ResNet-18 forward, gradients, SGD step and Adam updates, and exits by itself', async () => {
    const [one, two] = await Promise.all([digests(1), digests(2)]);
    expect([one.threads, one.poolThreads]).toEqual([1, 1]);
    expect([two.threads, two.poolThreads]).toEqual([2, 2]);
    expect({ ...two, threads: 1, poolThreads: 1 }).toEqual(one);
  });
});
