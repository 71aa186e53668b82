import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExampleOutput } from './output';

// Helpers of the examples' tests (import from '@bcos/example-shared/testing').

/** Output that keeps the example's lines (for assertions) and draws no progress. */
export function collectingOutput(): ExampleOutput & { lines: string[] } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line), progress: null };
}

/** Sizes in bytes of the files in `directory` whose names match `pattern`. */
export async function fileSizes(directory: string, pattern: RegExp): Promise<number[]> {
  const names = (await readdir(directory)).filter((name) => pattern.test(name));
  return Promise.all(names.map(async (name) => (await stat(join(directory, name))).size));
}
