import type { ProgressStream } from '@bcos/train';

/** Where an example reports: its own lines, and the training progress bars. */
export interface ExampleOutput {
  log: (line: string) => void;
  /** Training progress (a terminal gets bars); null for none. */
  progress: ProgressStream | null;
}

export const CONSOLE_OUTPUT: ExampleOutput = {
  log: (line) => console.log(line),
  progress: process.stdout,
};
