/**
 * Training throughput (images/s) of @bcos/train's loop for ResNet-18 with the CIFAR stem (layer
 * norm, batch norm, B-cos) against a naive loop that reads the loss back after every step, and
 * optionally with the backends' stock kernels in place of the project's.
 *
 *   npm run bench -- train-throughput [--backends cpu,wasm,webgpu] [--batch 128[,256,512]]
 *     [--width 64[,16]] [--steps 6] [--models layer,batch,bcos] [--stock] [--torch cuda|cpu]
 *     [--threads 1,2]
 * On CPU keep it short: --width 8 --steps 3. `--torch cuda` (on the GPU machine) measures PyTorch eager
 * fp32 on the batch-norm model in the same run (bench/reference/resnet18_train_step.py) and prints
 * our ratio to it; `--torch cpu` runs PyTorch on as many threads as each row. `--threads` measures
 * wasm once per thread count (a child process each).
 */
import { type CaptureStats, registerProjectKernels, useStockKernels } from '@bcos/backend';
import { MemoryDataset } from '@bcos/datasets';
import { defaultLoss, InputPipeline, train, withSeededRandom } from '@bcos/train';
import { createOptimizer, lossFunction } from '@bcos/train/internal';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { CIFAR_MODELS, type CifarModelName, cifarModelNames } from '../cifar-models';
import { type BenchArgs, eachBackend, printTable } from '../harness';
import { runTorchReference } from '../reference';
import { emitRows, isRowsChild, type Row, rowsPerThreadCount, threadCounts } from '../threads';

function randomCifar(size: number): MemoryDataset {
  const images = new Uint8Array(size * 32 * 32 * 3);
  for (let i = 0; i < images.length; i++) images[i] = (i * 2654435761) >>> 24;
  const labels = Int32Array.from({ length: size }, (_, i) => i % 10);
  return new MemoryDataset({
    name: 'random-cifar',
    images,
    labels,
    imageShape: [32, 32, 3],
    classNames: Array.from({ length: 10 }, (_, c) => `c${c}`),
  });
}

interface LoopResult {
  imagesPerSecond: number;
  /** Columns of the captured step (webgpu): dispatches and host time per replayed step. */
  capture: Record<string, string | number>;
}

function captureColumns(stats: CaptureStats | undefined): Record<string, string | number> {
  if (!stats?.replays) return { 'dispatches/step': 'eager', 'host ms/step': 'eager' };
  return { 'dispatches/step': stats.dispatches, 'host ms/step': stats.replayHostMs / stats.replays };
}

/** @bcos/train's loop with its default loss: the second epoch's images/s (the first compiles kernels). */
async function projectLoop(model: LayersModel, data: MemoryDataset, batchSize: number): Promise<LoopResult> {
  const { history, stepCapture } = await train({
    model,
    data: { train: data },
    optimizer: { name: 'adam', lr: 1e-3 },
    epochs: 2,
    batchSize,
    dropLast: true,
    progress: null,
    printSummary: false,
  });
  if (stepCapture?.reason) console.log(`# steps ran eagerly: ${stepCapture.reason}`);
  return { imagesPerSecond: history[1]!.imagesPerSecond, capture: captureColumns(stepCapture) };
}

/** The same steps, reading the loss back after each one (what a loop that logs every step does). */
async function naiveLoop(
  model: LayersModel,
  data: MemoryDataset,
  batchSize: number,
  name: CifarModelName,
  steps: number,
): Promise<number> {
  const optimizer = createOptimizer({ name: 'adam', lr: 1e-3 });
  const pipeline = new InputPipeline({ encoding: name === 'bcos' ? 'bcos' : 'rgb' });
  const loss = lossFunction(defaultLoss(pipeline.encoding));
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let images = 0;
  let started = 0;
  let step = 0;
  for (const epoch of [0, 1]) {
    if (epoch === 1) started = performance.now();
    for await (const batch of data.batches({ batchSize, shuffle: true, seed: 0, epoch, dropLast: true })) {
      const cost = optimizer.minimize(
        () =>
          tf.tidy(() =>
            loss(
              model.apply(pipeline.prepare(batch.images), { training: true }) as tf.Tensor2D,
              batch.labels,
            ),
          ),
        true,
        variables,
      );
      await cost!.data();
      tf.dispose([cost!, batch.images, batch.labels]);
      if (epoch === 1) images += batchSize;
      step += 1;
    }
  }
  optimizer.dispose();
  if (step !== 2 * steps) throw new Error(`naive loop ran ${step} steps, expected ${2 * steps}`);
  return images / ((performance.now() - started) / 1000);
}

async function measureRows(args: BenchArgs, widths: number[], batches: number[]): Promise<Row[]> {
  const steps = Number(args.options.steps ?? 6);
  const names = cifarModelNames(args.options.models, 'layer,batch,bcos');
  const compareStock = args.options.stock === 'true';
  const rows: Row[] = [];
  for await (const backend of eachBackend(args)) {
    for (const width of widths) {
      for (const batchSize of batches) {
        const data = randomCifar(batchSize * steps);
        for (const name of names) {
          const build = () => withSeededRandom(0, () => CIFAR_MODELS[name](width));
          const model = build();
          const { imagesPerSecond: project, capture } = await projectLoop(model, data, batchSize);
          const naive = await naiveLoop(model, data, batchSize, name, steps);
          const row: Row = {
            backend: backend.name,
            threads: backend.threads ?? '-',
            model: `resnet18-cifar ${name}`,
            width,
            batch: batchSize,
            'train() img/s': project,
            'naive img/s': naive,
            ratio: project / naive,
            ...capture,
          };
          if (compareStock) {
            useStockKernels(backend.name);
            row['stock kernels img/s'] = (await projectLoop(model, data, batchSize)).imagesPerSecond;
            registerProjectKernels(backend.name);
            row['project/stock'] = project / (row['stock kernels img/s'] as number);
          }
          rows.push(row);
          model.dispose();
          console.log(
            `# ${backend.name} ${row.threads} thread(s) ${name} width ${width} batch ${batchSize}: ${project.toFixed(1)} img/s (naive ${naive.toFixed(1)})`,
          );
        }
      }
    }
  }
  return rows;
}

export async function run(args: BenchArgs): Promise<void> {
  const batches = (args.options.batch ?? '128').split(',').map(Number);
  const widths = (args.options.width ?? '64').split(',').map(Number);
  const steps = Number(args.options.steps ?? 6);
  const counts = threadCounts(args);
  const rows = counts
    ? await rowsPerThreadCount('train-throughput', args, counts)
    : await measureRows(args, widths, batches);
  if (isRowsChild()) return emitRows(rows);
  printTable(`Training throughput (${steps} steps per epoch, second epoch timed)`, rows);
  if (args.options.torch) torchRatios(rows, args.options.torch, widths, batches);
}

/** PyTorch eager fp32 on the batch-norm ResNet-18 (same widths, batches and threads), and each row's ratio to it. */
function torchRatios(rows: Row[], device: string, widths: number[], batches: number[]): void {
  const ratios: Row[] = [];
  const threadsOf = (row: Row) => (typeof row.threads === 'number' ? row.threads : undefined);
  for (const threads of new Set(rows.map(threadsOf))) {
    const torch = runTorchReference('resnet18_train_step.py', [
      '--width',
      ...widths.map(String),
      '--batch',
      ...batches.map(String),
      '--device',
      device,
      ...(threads === undefined ? [] : ['--threads', String(threads)]),
    ]);
    if ('skipped' in torch) {
      console.log(`PyTorch reference skipped: ${torch.skipped}`);
      return;
    }
    for (const row of rows.filter((r) => threadsOf(r) === threads)) {
      const reference = torch.rows.find((r) => r.batch === row.batch && r.width === row.width);
      const ips = reference?.images_per_second as number | undefined;
      ratios.push({
        backend: row.backend!,
        threads: row.threads!,
        model: row.model!,
        width: row.width!,
        batch: row.batch!,
        'ours img/s': row['train() img/s']!,
        [`PyTorch ${device} img/s (batch norm, same threads)`]: ips ?? 'n/a',
        'ours / PyTorch': ips ? (row['train() img/s'] as number) / ips : 'n/a',
        torch: String(reference?.torch ?? 'n/a'),
      });
    }
  }
  printTable(`Against PyTorch eager fp32 on ${device}, same run`, ratios);
}
