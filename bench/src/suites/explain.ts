/**
 * Explanation latency on an ImageNet ResNet-18 (batch norm, 1000 classes, random weights): one
 * forward pass and Grad-CAM at layer4.1 for a batch of images, against PyTorch doing the same in the
 * same run (bench/reference/resnet18_gradcam.py, what pytorch-grad-cam's GradCAM does) on as many
 * threads as each row.
 *   npm run bench -- explain [--backends wasm] [--batch 8] [--size 224] [--layer layer4.1]
 *                            [--threads 1,2] [--torch cpu]
 */
import { GradCAM } from '@bcos/gradcam';
import { resnet18 } from '@bcos/resnet';
import { withSeededRandom } from '@bcos/train';
import * as tf from '@tensorflow/tfjs-core';
import { type BenchArgs, eachBackend, measure, printTable } from '../harness';
import { runTorchReference } from '../reference';
import { emitRows, isRowsChild, type Row, rowsPerThreadCount, threadCounts } from '../threads';

interface Settings {
  batch: number;
  size: number;
  layer: string;
}

async function measureRows(args: BenchArgs, { batch, size, layer }: Settings): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const backend of eachBackend(args)) {
    const model = withSeededRandom(0, () =>
      resnet18({ stem: 'imagenet', norm: 'batch', classes: 1000, inputShape: [size, size, 3] }),
    );
    const images = tf.randomUniform([batch, size, size, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const forward = await measure(() => model.predict(images) as tf.Tensor, { warmup: 1, minRuns: 3 });
    const cam = new GradCAM(model, { layer, method: 'gradcam' });
    const explain = await measure(
      async () => {
        const { cams, raw, logits } = await cam.compute(images);
        return [cams, raw, logits];
      },
      { warmup: 1, minRuns: 3 },
    );
    rows.push({
      backend: backend.name,
      threads: backend.threads ?? '-',
      model: `resnet18-imagenet ${size}×${size}`,
      batch,
      'forward ms': forward.medianMs,
      [`Grad-CAM ${layer} ms`]: explain.medianMs,
    });
    console.log(
      `# ${backend.name} ${backend.threads ?? '-'} thread(s): Grad-CAM ${explain.medianMs.toFixed(0)} ms`,
    );
    cam.dispose();
    images.dispose();
    model.dispose();
  }
  return rows;
}

/** PyTorch's forward and Grad-CAM times on each row's thread count, and PyTorch ms / ours (≥ 1: we are faster). */
function torchRatios(rows: Row[], { batch, size, layer }: Settings): void {
  const ratios: Row[] = [];
  for (const row of rows) {
    const threads = typeof row.threads === 'number' ? ['--threads', String(row.threads)] : [];
    const torch = runTorchReference('resnet18_gradcam.py', [
      '--batch',
      String(batch),
      '--size',
      String(size),
      ...threads,
    ]);
    if ('skipped' in torch) {
      console.log(`PyTorch reference skipped: ${torch.skipped}`);
      return;
    }
    const reference = torch.rows[0]!;
    const ours = row[`Grad-CAM ${layer} ms`] as number;
    ratios.push({
      backend: row.backend!,
      threads: row.threads!,
      'ours forward ms': row['forward ms']!,
      'PyTorch forward ms': reference.forward_ms as number,
      [`ours Grad-CAM ${layer} ms`]: ours,
      'PyTorch Grad-CAM ms': reference.gradcam_ms as number,
      'PyTorch / ours (Grad-CAM)': (reference.gradcam_ms as number) / ours,
      torch: String(reference.torch),
    });
  }
  printTable(
    `Grad-CAM against PyTorch (pytorch-grad-cam's method) on the CPU, same threads, same run`,
    ratios,
  );
}

export async function run(args: BenchArgs): Promise<void> {
  const settings: Settings = {
    batch: Number(args.options.batch ?? 8),
    size: Number(args.options.size ?? 224),
    layer: args.options.layer ?? 'layer4.1',
  };
  const counts = threadCounts(args);
  const rows = counts ? await rowsPerThreadCount('explain', args, counts) : await measureRows(args, settings);
  if (isRowsChild()) return emitRows(rows);
  printTable(
    `Explanations: ImageNet ResNet-18, batch ${settings.batch} of ${settings.size}×${settings.size} (median ms)`,
    rows,
  );
  if (args.options.torch) torchRatios(rows, settings);
}
