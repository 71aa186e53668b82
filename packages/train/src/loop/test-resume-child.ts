/**
 * Child process of resume.test.ts: trains the tiny model with mid-epoch checkpoints and prints each
 * step; at `--pause-at epoch:step` it stops moving so the parent can SIGKILL it mid-epoch.
 */

import { parseArgs } from 'node:util';
import { initBackend } from '@bcos/backend';
import { resumeRunOptions } from './test-resume-run';
import { train } from './train';

const { values } = parseArgs({
  options: { backend: { type: 'string' }, dir: { type: 'string' }, 'pause-at': { type: 'string' } },
});
await initBackend({ backend: values.backend });
const [pauseEpoch, pauseStep] = (values['pause-at'] ?? '-1:-1').split(':').map(Number);
await train({
  ...resumeRunOptions(values.dir!),
  callbacks: {
    async onStep({ epoch, stepInEpoch }) {
      process.stdout.write(`step ${epoch}:${stepInEpoch}\n`);
      if (epoch === pauseEpoch && stepInEpoch === pauseStep)
        await new Promise((resolve) => setTimeout(resolve, 120_000));
    },
  },
});
