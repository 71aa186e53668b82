/**
 * Where one training step of the layer-norm ResNet-18 (CIFAR stem, Adam) goes: the per-kernel time
 * of one eager step (`tf.profile`; GPU time from timestamp queries on webgpu when the device offers
 * them, else 0), the 15 costliest kernels with their call counts, the number of kernel calls, and
 * forward (inference) throughput in the same run.
 *
 *   npm run bench -- step-profile [--backends webgpu] [--width 64] [--batch 128]
 */
import { resnet18 } from '@bcos/resnet';
import { withSeededRandom } from '@bcos/train';
import { createOptimizer, lossFunction } from '@bcos/train/internal';
import * as tf from '@tensorflow/tfjs-core';
import { type BenchArgs, eachBackend, measure, printTable } from '../harness';

interface KernelTotal {
  kernel: string;
  calls: number;
  ms: number;
}

function topKernels(kernels: Array<{ name: string; kernelTimeMs: unknown }>, count: number): KernelTotal[] {
  const totals = new Map<string, KernelTotal>();
  for (const { name, kernelTimeMs } of kernels) {
    const total = totals.get(name) ?? { kernel: name, calls: 0, ms: 0 };
    total.calls += 1;
    total.ms += typeof kernelTimeMs === 'number' ? kernelTimeMs : 0;
    totals.set(name, total);
  }
  return [...totals.values()].sort((a, b) => b.ms - a.ms || b.calls - a.calls).slice(0, count);
}

export async function run(args: BenchArgs): Promise<void> {
  const width = Number(args.options.width ?? 64);
  const batch = Number(args.options.batch ?? 128);
  for await (const backend of eachBackend(args)) {
    const model = withSeededRandom(0, () =>
      resnet18({ stem: 'cifar', norm: 'layer', classes: 10, inputShape: [32, 32, 3], width }),
    );
    const optimizer = createOptimizer({ name: 'adam', lr: 1e-3 });
    const loss = lossFunction('crossentropy');
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const images = tf.randomUniform([batch, 32, 32, 3]);
    const labels = tf.tensor1d(
      Array.from({ length: batch }, (_, i) => i % 10),
      'int32',
    );
    const step = () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () => loss(model.apply(images, { training: true }) as tf.Tensor2D, labels),
          variables,
        );
        optimizer.applyGradients(grads);
      });
    for (let warm = 0; warm < 2; warm++) step();
    await variables[0]!.data();
    const profile = await tf.profile(step);
    const top = topKernels(profile.kernels, 15);
    const gpuMs = profile.kernels.reduce(
      (sum, k) => sum + (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0),
      0,
    );
    printTable(
      `${backend.name}: kernels of one step (layer-norm ResNet-18 width ${width}, batch ${batch}): ${profile.kernels.length} calls, ${gpuMs.toFixed(1)} ms kernel time`,
      top.map((t) => ({ kernel: t.kernel, calls: t.calls, ms: t.ms, share: gpuMs > 0 ? t.ms / gpuMs : 0 })),
    );
    const forward = await measure(() => model.predict(images) as tf.Tensor);
    printTable(`${backend.name}: forward throughput`, [
      {
        backend: backend.name,
        width,
        batch,
        'forward img/s': batch / (forward.medianMs / 1000),
        runs: forward.runs,
      },
    ]);
    tf.dispose([images, labels]);
    optimizer.dispose();
    model.dispose();
  }
}
