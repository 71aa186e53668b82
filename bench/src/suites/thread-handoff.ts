/**
 * What a hand-off to another thread costs, which bounds how much threads help small kernels:
 *
 *   npm run bench -- thread-handoff --threads 1,2
 *
 * 1. A worker_threads round trip through Atomics.wait/notify after the worker has slept 0, 0.05 and
 *    1 ms: on a VM an idle vCPU halts, and waking it costs a hypervisor exit.
 * 2. Small wasm kernels at a width-16 ResNet-18's first activations ([32, 32, 32, 16]) per thread
 *    count, wall and CPU time per call: tfjs-backend-wasm runs XNNPACK's thread pool for every
 *    elementwise op, and with one thread it loads its non-threaded binary.
 */
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { type BenchArgs, eachBackend, printTable } from '../harness';
import { emitRows, isRowsChild, type Row, rowsPerThreadCount, threadCounts } from '../threads';

const ROUND_TRIPS = 400;
const IDLE_GAPS_MS = [0, 0.05, 1];

/** Median and 90th-percentile µs of a round trip to a worker that slept `gapMs` before each. */
async function roundTrips(): Promise<Row[]> {
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
const flags = new Int32Array(workerData);
for (;;) {
  Atomics.wait(flags, 0, 0);
  if (Atomics.load(flags, 0) === 2) break;
  Atomics.store(flags, 0, 0);
  Atomics.store(flags, 1, 1);
  Atomics.notify(flags, 1);
}`,
    { eval: true, workerData: flags.buffer },
  );
  await new Promise((resolve) => worker.once('online', resolve));
  const rows: Row[] = [];
  for (const gapMs of IDLE_GAPS_MS) {
    const times: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const until = performance.now() + gapMs;
      while (performance.now() < until) {}
      const start = performance.now();
      Atomics.store(flags, 1, 0);
      Atomics.store(flags, 0, 1);
      Atomics.notify(flags, 0);
      Atomics.wait(flags, 1, 0);
      times.push((performance.now() - start) * 1000);
    }
    times.sort((a, b) => a - b);
    rows.push({
      'worker idle before (ms)': gapMs,
      'median µs': times[Math.floor(ROUND_TRIPS / 2)]!,
      'p90 µs': times[Math.floor(ROUND_TRIPS * 0.9)]!,
    });
  }
  Atomics.store(flags, 0, 2);
  Atomics.notify(flags, 0);
  await worker.terminate();
  return rows;
}

const SMALL_OPS: Record<string, (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  add: (x) => tf.add(x, x),
  multiply: (x) => tf.mul(x, x),
  'conv 3×3': (x, w) => tf.conv2d(x, w, 1, 'same'),
};

/** µs of wall and CPU time per call of each small op, after warm-up. */
async function smallOps(args: BenchArgs): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const backend of eachBackend({ ...args, backends: ['wasm'] })) {
    const x = tf.randomNormal([32, 32, 32, 16]) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 16, 16]) as tf.Tensor4D;
    for (const [name, op] of Object.entries(SMALL_OPS)) {
      const calls = name.startsWith('conv') ? 50 : 300;
      for (let i = 0; i < 30; i++) op(x, w).dispose();
      const cpu = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < calls; i++) op(x, w).dispose();
      const wall = ((performance.now() - start) * 1000) / calls;
      const used = process.cpuUsage(cpu);
      rows.push({
        threads: backend.threads ?? 1,
        op: name,
        'wall µs/call': wall,
        'cpu µs/call': (used.user + used.system) / calls,
      });
    }
    tf.dispose([x, w]);
  }
  return rows;
}

export async function run(args: BenchArgs): Promise<void> {
  const counts = threadCounts(args);
  const rows = counts ? await rowsPerThreadCount('thread-handoff', args, counts) : await smallOps(args);
  if (isRowsChild()) return emitRows(rows);
  printTable('Round trip to a worker thread (Atomics.notify → wake → notify back)', await roundTrips());
  printTable('Small wasm kernels at [32, 32, 32, 16] per thread count', rows);
}
