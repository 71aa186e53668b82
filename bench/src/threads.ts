/**
 * `--threads 1,2`: a suite measured once per wasm thread count. A process fixes wasm's threads when
 * it starts the backend, so each count runs the suite in a child process with BCOS_THREADS set, which
 * hands its rows back as one JSON line; the parent prints them together.
 */
import { spawn } from 'node:child_process';
import type { BenchArgs } from './harness';

export type Row = Record<string, string | number>;

const ROWS_CHILD = 'BCOS_BENCH_ROWS_CHILD';
const ROWS_PREFIX = '#rows ';

/** The counts of --threads, or undefined when the suite should measure in this process. */
export function threadCounts(args: BenchArgs): number[] | undefined {
  const listed = args.options.threads;
  if (listed === undefined || process.env[ROWS_CHILD] === '1') return undefined;
  const counts = listed.split(',').map(Number);
  if (!counts.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new Error(`bench: --threads must list positive whole numbers, got '${listed}'`);
  }
  return counts;
}

/** True in a child started by `rowsPerThreadCount`: the suite hands its rows back instead of printing. */
export function isRowsChild(): boolean {
  return process.env[ROWS_CHILD] === '1';
}

export function emitRows(rows: Row[]): void {
  console.log(`${ROWS_PREFIX}${JSON.stringify(rows)}`);
}

function childArgv(suite: string, args: BenchArgs): string[] {
  const argv = [suite];
  if (args.backends) argv.push('--backends', args.backends.join(','));
  for (const [key, value] of Object.entries(args.options))
    if (key !== 'threads') argv.push(`--${key}`, value);
  return argv;
}

function runChild(suite: string, args: BenchArgs, threads: number): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1]!, ...childArgv(suite, args)], {
      env: { ...process.env, BCOS_THREADS: String(threads), [ROWS_CHILD]: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let rows: Row[] | undefined;
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(ROWS_PREFIX)) rows = JSON.parse(line.slice(ROWS_PREFIX.length)) as Row[];
        else console.log(line);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 && rows) resolve(rows);
      else
        reject(new Error(`bench: ${suite} with ${threads} thread(s) ended with ${signal ?? `code ${code}`}`));
    });
  });
}

/** Runs the suite once per thread count, one after the other, and returns all their rows. */
export async function rowsPerThreadCount(suite: string, args: BenchArgs, counts: number[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const threads of counts) rows.push(...(await runChild(suite, args, threads)));
  return rows;
}
