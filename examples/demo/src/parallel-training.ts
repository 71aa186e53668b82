import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExampleOutput, RunResults } from '@bcos/example-shared';
import { ProgressBoard } from './progress-board';
import type { JobMessage, TrainingJob } from './training-job';

/** The child entry beside this module: built JavaScript, or TypeScript run through tsx (tests). */
function childEntry(): { path: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  return {
    path: fileURLToPath(new URL(`./training-child.${fromSource ? 'ts' : 'js'}`, import.meta.url)),
    execArgv: fromSource ? ['--conditions=source', '--import', 'tsx'] : [],
  };
}

function trainInChild(job: TrainingJob, onText: (text: string) => void): Promise<RunResults> {
  const { path, execArgv } = childEntry();
  const child = fork(path, [JSON.stringify(job)], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let results: RunResults | undefined;
    child.on('message', (message: JobMessage) => {
      if (message.kind === 'output') onText(message.text);
      else results = message.results;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (results) resolve(results);
      else
        reject(
          new Error(`${job.label}: training failed (${signal ?? `exit code ${code}`}):\n${stderr.trim()}`),
        );
    });
  });
}

/**
 * Trains the jobs at the same time, one child process each: a tfjs backend runs on one thread, so
 * two models train on two cores in the time of one. Their progress shares the terminal.
 */
export async function trainInParallel(
  jobs: readonly TrainingJob[],
  output: ExampleOutput,
): Promise<RunResults[]> {
  const board = new ProgressBoard(
    output,
    jobs.map((job) => job.label),
  );
  try {
    return await Promise.all(jobs.map((job, i) => trainInChild(job, (text) => board.write(i, text))));
  } finally {
    board.close();
  }
}
