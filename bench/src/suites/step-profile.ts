/**
 * Where one training step of a ResNet-18 (CIFAR stem, Adam) goes: the per-kernel time of one eager
 * step (`tf.profile`, each kernel's least time over `--repeat` steps; GPU time from timestamp queries on webgpu when the device offers them, else 0),
 * the costliest kernels with their call counts, the number of kernel calls, the step's wall time
 * outside kernels (host ms: JavaScript that does not scale with threads), and forward (inference)
 * throughput in the same run. `--gradcam` profiles a Grad-CAM instead (ImageNet ResNet-18, batch 8 of
 * 224×224, at layer4.1, as in the `explain` suite). `--threads 1,2` profiles wasm once per thread
 * count and puts each kernel's times side by side with their ratio (≈ 1: the kernel runs serially).
 *
 *   npm run bench -- step-profile [--backends webgpu] [--width 64] [--batch 128] [--models layer,batch,bcos]
 *                                 [--top 15] [--repeat 3] [--threads 1,2] [--gradcam [--size 224] [--layer layer4.1]]
 */
import { GradCAM } from '@bcos/gradcam';
import { resnet18 } from '@bcos/resnet';
import { withSeededRandom } from '@bcos/train';
import { createOptimizer, lossFunction } from '@bcos/train/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CIFAR_MODELS, type CifarModelName, cifarModelNames } from '../cifar-models';
import { type BenchArgs, eachBackend, measure, printTable } from '../harness';
import { emitRows, isRowsChild, type Row, rowsPerThreadCount, threadCounts } from '../threads';

interface KernelTotal {
  kernel: string;
  calls: number;
  ms: number;
}

/**
 * Per-kernel totals of one profile. Scopes of custom gradients (`fusedConv2d__op`, `unnamed scope`)
 * are left out: they are no kernel of the backend, and their time is that of the kernels they run.
 */
function kernelTotals(
  kernels: Array<{ name: string; kernelTimeMs: unknown }>,
  backend: string,
): KernelTotal[] {
  const totals = new Map<string, KernelTotal>();
  for (const { name, kernelTimeMs } of kernels) {
    if (!tf.getKernel(name, backend)) continue;
    const total = totals.get(name) ?? { kernel: name, calls: 0, ms: 0 };
    total.calls += 1;
    total.ms += typeof kernelTimeMs === 'number' ? kernelTimeMs : 0;
    totals.set(name, total);
  }
  return [...totals.values()].sort((a, b) => b.ms - a.ms || b.calls - a.calls);
}

/** A workload to profile: its label, one run of it, and what it holds. */
interface Workload {
  label: string;
  run: () => Promise<void>;
  forward: () => tf.Tensor;
  batch: number;
  dispose: () => void;
}

function trainingStep(name: CifarModelName, width: number, batch: number): Workload {
  const model = withSeededRandom(0, () => CIFAR_MODELS[name](width)) as LayersModel;
  const channels = name === 'bcos' ? 6 : 3;
  const optimizer = createOptimizer({ name: 'adam', lr: 1e-3 });
  const loss = lossFunction(name === 'bcos' ? 'bce' : 'crossentropy');
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const images = tf.randomUniform([batch, 32, 32, channels]);
  const labels = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % 10),
    'int32',
  );
  return {
    label: `${name}-norm ResNet-18 width ${width}, batch ${batch}, training step`,
    batch,
    run: async () => {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () => loss(model.apply(images, { training: true }) as tf.Tensor2D, labels),
          variables,
        );
        optimizer.applyGradients(grads);
      });
      await variables[0]!.data();
    },
    forward: () => model.predict(images) as tf.Tensor,
    dispose: () => {
      tf.dispose([images, labels]);
      optimizer.dispose();
      model.dispose();
    },
  };
}

function gradcamRun(size: number, layer: string): Workload {
  const batch = 8;
  const model = withSeededRandom(0, () =>
    resnet18({ stem: 'imagenet', norm: 'batch', classes: 1000, inputShape: [size, size, 3] }),
  );
  const images = tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
  const cam = new GradCAM(model, { layer, method: 'gradcam' });
  return {
    label: `Grad-CAM at ${layer}, ImageNet ResNet-18, batch ${batch} of ${size}×${size}`,
    batch,
    run: async () => {
      const { cams, raw, logits } = await cam.compute(images);
      await cams.data();
      tf.dispose([cams, raw, logits]);
    },
    forward: () => model.predict(images) as tf.Tensor,
    dispose: () => {
      cam.dispose();
      images.dispose();
      model.dispose();
    },
  };
}

function workloads(args: BenchArgs): Array<() => Workload> {
  if (args.options.gradcam === 'true') {
    const size = Number(args.options.size ?? 224);
    return [() => gradcamRun(size, args.options.layer ?? 'layer4.1')];
  }
  const width = Number(args.options.width ?? 64);
  const batch = Number(args.options.batch ?? 128);
  const names = cifarModelNames(args.options.models, 'layer');
  return names.map((name) => () => trainingStep(name, width, batch));
}

/**
 * Each kernel's least total time over `repeat` profiles of `run` (other processes on the machine
 * only ever add time), and the least host time of a profiled run: its wall time less its kernels'
 * time (engine bookkeeping, gradient tape, JavaScript between kernels: none of it scales with
 * threads; profiling adds a little of its own).
 */
async function profileMin(run: () => Promise<void>, backend: string, repeat: number) {
  const least = new Map<string, KernelTotal>();
  let hostMs = Number.POSITIVE_INFINITY;
  let calls = 0;
  for (let r = 0; r < repeat; r++) {
    const started = performance.now();
    const profile = await tf.profile(run);
    const wallMs = performance.now() - started;
    const totals = kernelTotals(profile.kernels, backend);
    hostMs = Math.min(hostMs, wallMs - totals.reduce((sum, t) => sum + t.ms, 0));
    calls = totals.reduce((sum, t) => sum + t.calls, 0);
    for (const t of totals) {
      const known = least.get(t.kernel);
      if (!known || t.ms < known.ms) least.set(t.kernel, t);
    }
  }
  const totals = [...least.values()].sort((a, b) => b.ms - a.ms || b.calls - a.calls);
  return { totals, calls, hostMs: Math.max(0, hostMs) };
}

/** One row per kernel (and one `(host)` row: wall time outside kernels) of each workload on each backend. */
async function profileRows(args: BenchArgs): Promise<Row[]> {
  const repeat = Number(args.options.repeat ?? 3);
  const rows: Row[] = [];
  for await (const backend of eachBackend(args)) {
    for (const make of workloads(args)) {
      const work = make();
      for (let warm = 0; warm < 2; warm++) await work.run();
      const { totals, calls, hostMs } = await profileMin(work.run, backend.name, repeat);
      const kernelMs = totals.reduce((sum, t) => sum + t.ms, 0);
      const forward = await measure(work.forward);
      const common = { workload: work.label, backend: backend.name, threads: backend.threads ?? '-' };
      rows.push({
        ...common,
        kernel: '(all kernels)',
        calls,
        ms: kernelMs,
        'forward img/s': work.batch / (forward.medianMs / 1000),
      });
      rows.push({ ...common, kernel: '(host, outside kernels)', calls: 0, ms: hostMs });
      for (const t of totals) rows.push({ ...common, kernel: t.kernel, calls: t.calls, ms: t.ms });
      work.dispose();
    }
  }
  return rows;
}

function printProfiles(rows: Row[], top: number): void {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.backend} ${row.threads} thread(s): ${row.workload}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const [key, group] of groups) {
    const all = group.find((r) => r.kernel === '(all kernels)')!;
    printTable(
      `${key}: ${all.calls} kernel calls, ${(all.ms as number).toFixed(1)} ms kernel time, forward ${(all['forward img/s'] as number).toFixed(1)} img/s`,
      group
        .filter((r) => r.kernel !== '(all kernels)')
        .slice(0, top + 1)
        .map((r) => ({
          kernel: r.kernel!,
          calls: r.calls!,
          ms: r.ms!,
          share: (r.ms as number) / (all.ms as number),
        })),
    );
  }
}

/** Each kernel's ms at every thread count, and its ratio to the first count's (≈ 1: runs serially). */
function printThreadComparison(rows: Row[], counts: number[], top: number): void {
  for (const workload of new Set(rows.map((r) => r.workload as string))) {
    const of = (threads: number) => rows.filter((r) => r.workload === workload && r.threads === threads);
    const base = of(counts[0]!);
    const all = base.find((r) => r.kernel === '(all kernels)')!;
    const table = base
      .filter((r) => r.kernel !== '(all kernels)')
      .slice(0, top + 1)
      .map((r) => {
        const row: Row = { kernel: r.kernel!, calls: r.calls!, share: (r.ms as number) / (all.ms as number) };
        for (const threads of counts) {
          const other = of(threads).find((o) => o.kernel === r.kernel);
          row[`ms, ${threads} thr`] = other ? (other.ms as number) : 'n/a';
        }
        for (const threads of counts.slice(1)) {
          const other = of(threads).find((o) => o.kernel === r.kernel);
          row[`${threads}/${counts[0]} thr`] = other ? (other.ms as number) / (r.ms as number) : 'n/a';
        }
        return row;
      });
    printTable(`${workload}: kernel ms per thread count (share of ${counts[0]} thread's kernel time)`, table);
  }
}

export async function run(args: BenchArgs): Promise<void> {
  const top = Number(args.options.top ?? 15);
  const counts = threadCounts(args);
  if (!counts) {
    const rows = await profileRows(args);
    if (isRowsChild()) return emitRows(rows);
    return printProfiles(rows, top);
  }
  const rows = await rowsPerThreadCount('step-profile', args, counts);
  printProfiles(rows, top);
  printThreadComparison(rows, counts, top);
}
