import { type JobMessage, runTrainingJob } from './training-job';

/** Child-process entry: the job arrives as JSON in argv[2]; output and the results go back over IPC. */
function send(message: JobMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

const job = JSON.parse(process.argv[2]!);
runTrainingJob(job, (message) => void send(message)).then(
  async (results) => {
    await send({ kind: 'done', results });
    process.disconnect();
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
