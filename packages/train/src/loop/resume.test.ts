import '@bcos/backend';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBackends } from '@bcos/backend/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resumeRunOptions } from './test-resume-run';
import { train } from './train';

const child = fileURLToPath(new URL('./test-resume-child.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

/** Runs the child until it reports `killAt`, then SIGKILLs it; resolves with the steps it reported. */
function trainUntilKilled(backend: string, dir: string, killAt: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        tsx,
        child,
        '--backend',
        backend,
        '--dir',
        dir,
        '--pause-at',
        killAt,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const steps: string[] = [];
    let stderr = '';
    proc.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    proc.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        steps.push(line.replace('step ', ''));
        if (line === `step ${killAt}`) proc.kill('SIGKILL');
      }
    });
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(steps);
      else reject(new Error(`child exited with ${code} before reaching ${killAt}:\n${stderr}`));
    });
  });
}

describeBackends(
  'resume after SIGKILL mid-epoch',
  ({ name }) => {
    let root: string;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), `bcos-resume-${name}-`));
    });
    afterAll(async () => rm(root, { recursive: true, force: true }));

    it('continues to the same metrics as an uninterrupted run', async () => {
      const straight = await train(resumeRunOptions(join(root, 'straight')));

      const dir = join(root, 'killed');
      const steps = await trainUntilKilled(name, dir, '1:5');
      expect(steps.at(-1)).toBe('1:5');
      // The newest checkpoint is mid-epoch 2 (after its 4th step), older ones were pruned.
      expect((await readdir(dir)).filter((n) => n.startsWith('checkpoint-')).sort()).toEqual([
        'checkpoint-e0001-s00000002',
        'checkpoint-e0001-s00000004',
      ]);

      const resumed = await train({ ...resumeRunOptions(dir), resume: true });
      expect(resumed.history).toHaveLength(3);
      for (const epoch of [1, 2]) {
        const [a, b] = [straight.history[epoch]!, resumed.history[epoch]!];
        expect({ train: b.train, val: b.val, lr: b.lr, steps: b.steps }).toEqual({
          train: a.train,
          val: a.val,
          lr: a.lr,
          steps: a.steps,
        });
      }
    });
  },
  { backends: ['cpu', 'wasm'] },
);
