import { type BackendInfo, type BackendName, initBackend } from '@bcos/backend';
import * as tf from '@tensorflow/tfjs-core';

export interface BenchArgs {
  /** Backends named with --backends, or every one that starts (webgpu only on a real GPU). */
  backends?: BackendName[];
  /** Other --key value pairs of the suite. */
  options: Record<string, string>;
}

export function parseArgs(argv: string[]): BenchArgs {
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`bench: unexpected argument '${arg}'`);
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const value = inline ?? (argv[i + 1]?.startsWith('--') === false ? argv[++i]! : 'true');
    options[key] = value;
  }
  const backends = options.backends?.split(',').filter(Boolean) as BackendName[] | undefined;
  delete options.backends;
  return { backends, options };
}

/**
 * Starts each backend in turn and yields it active. Without --backends: cpu, wasm, and webgpu only
 * on a hardware adapter (software Vulkan would measure SwiftShader, not the project).
 */
export async function* eachBackend(args: BenchArgs): AsyncGenerator<BackendInfo> {
  const names = args.backends ?? (['cpu', 'wasm', 'webgpu'] as BackendName[]);
  for (const name of names) {
    try {
      yield await initBackend({ backend: name, allowSoftwareGpu: args.backends !== undefined });
    } catch (error) {
      console.log(`# ${name}: skipped (${(error as Error).message})`);
    }
  }
}

/** Waits for the backend to finish the work behind `result` (a readback, the only portable fence). */
export async function settle(result: tf.TensorContainer | undefined): Promise<void> {
  const tensors: tf.Tensor[] = [];
  const collect = (value: unknown): void => {
    if (value instanceof tf.Tensor) tensors.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(result);
  await Promise.all(tensors.map((t) => t.data()));
}

const SLOW_MS = 2000;

export interface Timing {
  medianMs: number;
  minMs: number;
  runs: number;
}

/** Median wall time of `fn` after warm-up; `fn` returns what must be settled (and is then disposed). */
export async function measure(
  fn: () => tf.TensorContainer | undefined | Promise<tf.TensorContainer | undefined>,
  { warmup = 2, minRuns = 5, minTotalMs = 1000, maxRuns = 50 } = {},
): Promise<Timing> {
  for (let i = 0; i < warmup; i++) {
    const start = performance.now();
    const out = await fn();
    await settle(out);
    tf.dispose(out as tf.TensorContainer);
    // Multi-second operations (stock cpu kernels) need no more warm-up and fewer runs.
    if (performance.now() - start > SLOW_MS) {
      minRuns = Math.min(minRuns, 2);
      break;
    }
  }
  const times: number[] = [];
  let total = 0;
  while (times.length < minRuns || (total < minTotalMs && times.length < maxRuns)) {
    const start = performance.now();
    const out = await fn();
    await settle(out);
    const elapsed = performance.now() - start;
    tf.dispose(out as tf.TensorContainer);
    times.push(elapsed);
    total += elapsed;
  }
  times.sort((a, b) => a - b);
  return { medianMs: times[Math.floor(times.length / 2)]!, minMs: times[0]!, runs: times.length };
}

/** Prints rows as an aligned plain-text table (also valid Markdown). */
export function printTable(title: string, rows: Array<Record<string, string | number>>): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const cell = (v: string | number | undefined) => (typeof v === 'number' ? formatNumber(v) : (v ?? ''));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n## ${title}\n`);
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => cell(row[c]))));
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}
