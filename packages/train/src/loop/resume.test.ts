import '@bcos/backend';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeBackends } from '@bcos/backend/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { resumeRunOptions } from './test-resume-run';
import { type TrainResult, train } from './train';

const child = fileURLToPath(new URL('./test-resume-child.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

/** Runs the child with `args` until it prints the line `killAt`, then SIGKILLs it; resolves with its lines. */
function trainUntilKilled(backend: string, dir: string, args: string[], killAt: RegExp): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--conditions=source', '--import', tsx, child, '--backend', backend, '--dir', dir, ...args],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: string[] = [];
    let stderr = '';
    proc.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    proc.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        if (killAt.test(line)) proc.kill('SIGKILL');
      }
    });
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lines);
      else reject(new Error(`child exited with ${code} before printing ${killAt}:\n${stderr}`));
    });
  });
}

/** The metrics of epochs 2 and 3, which a resumed run must reproduce exactly. */
const laterEpochs = (result: TrainResult) =>
  result.history.slice(1).map((r) => ({ train: r.train, val: r.val, lr: r.lr, steps: r.steps }));

describeBackends(
  'resume after SIGKILL mid-epoch',
  ({ name }) => {
    let root: string;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), `bcos-resume-${name}-`));
    });
    afterAll(async () => rm(root, { recursive: true, force: true }));

    let straight: TrainResult;
    beforeAll(async () => {
      straight = await train(resumeRunOptions(join(root, 'straight')));
    });

    it('continues to the same metrics as an uninterrupted run', async () => {
      const dir = join(root, 'killed');
      const lines = await trainUntilKilled(name, dir, ['--pause-at', '1:5'], /^step 1:5$/);
      expect(lines.at(-1)).toBe('step 1:5');
      // The newest checkpoint is mid-epoch 2 (after its 4th step), older ones were pruned.
      expect((await readdir(dir)).filter((n) => n.startsWith('checkpoint-')).sort()).toEqual([
        'checkpoint-e0001-s00000002',
        'checkpoint-e0001-s00000004',
      ]);

      const resumed = await train({ ...resumeRunOptions(dir), resume: true });
      expect(resumed.history).toHaveLength(3);
      expect(laterEpochs(resumed)).toEqual(laterEpochs(straight));
    });

    // Killed inside the write of checkpoint e0001-s00000004: while its folder is half written, and
    // once it is in place but before latest.json names it.
    for (const [when, pause] of [
      ['mid-folder', [String.raw`\.checkpoint-e0001-s00000004\.tmp-\w+/optimizer\.bin$`]],
      // latest.json is written for e0000-s2, e0000-s4, e0001-s0, e0001-s2, then e0001-s4.
      ['before latest.json', [String.raw`latest\.json$`, '--pause-rename-nth', '5']],
    ] as const) {
      it(`a kill mid-checkpoint (${when}) loses nothing written before; resume cleans up and continues exactly`, async () => {
        const dir = join(root, `killed-${when.replace(/\W+/g, '-')}`);
        const lines = await trainUntilKilled(name, dir, ['--pause-rename', ...pause], /^paused /);
        expect(lines.at(-2)).toBe('step 1:4');
        const pointer = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8'));
        expect(pointer.checkpoint).toBe('checkpoint-e0001-s00000002');
        const hidden = async () => (await readdir(dir)).filter((n) => n.startsWith('.'));
        expect(await hidden()).not.toEqual([]); // the half-written folder, or latest.json's temp file

        const resumed = await train({ ...resumeRunOptions(dir), resume: true });
        expect(laterEpochs(resumed)).toEqual(laterEpochs(straight));
        expect(await hidden()).toEqual([]);
      });
    }
  },
  { backends: ['cpu', 'wasm'] },
);
