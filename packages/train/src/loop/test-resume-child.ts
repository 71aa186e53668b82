/**
 * Child process of resume.test.ts: trains the tiny model with mid-epoch checkpoints and prints each
 * step; at `--pause-at epoch:step` it stops moving so the parent can SIGKILL it mid-epoch. With
 * `--pause-rename PATTERN` it stops instead inside a checkpoint write, just before the first (or
 * `--pause-rename-nth`) file rename whose source or target path matches PATTERN (the real rename never happens), and prints
 * `paused <path>`: a kill at that moment is a kill mid-checkpoint.
 */

import fs from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { parseArgs } from 'node:util';
import { initBackend } from '@bcos/backend';
import { resumeRunOptions } from './test-resume-run';
import { train } from './train';

const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    dir: { type: 'string' },
    'pause-at': { type: 'string' },
    'pause-rename': { type: 'string' },
    'pause-rename-nth': { type: 'string' },
  },
});
const forever = () => new Promise((resolve) => setTimeout(resolve, 120_000));

const renamePattern = values['pause-rename'] ? new RegExp(values['pause-rename']) : undefined;
if (renamePattern) {
  const rename = fs.rename;
  let matches = 0;
  const nth = Number(values['pause-rename-nth'] ?? 1);
  fs.rename = async (from, to) => {
    if ((renamePattern.test(String(from)) || renamePattern.test(String(to))) && ++matches === nth) {
      process.stdout.write(`paused ${to}\n`);
      await forever();
    }
    return rename(from, to);
  };
  syncBuiltinESMExports(); // `import { rename } from 'node:fs/promises'` elsewhere now sees the wrapper
}

await initBackend({ backend: values.backend });
const [pauseEpoch, pauseStep] = (values['pause-at'] ?? '-1:-1').split(':').map(Number);
await train({
  ...resumeRunOptions(values.dir!),
  callbacks: {
    async onStep({ epoch, stepInEpoch }) {
      process.stdout.write(`step ${epoch}:${stepInEpoch}\n`);
      if (epoch === pauseEpoch && stepInEpoch === pauseStep) await forever();
    },
  },
});
