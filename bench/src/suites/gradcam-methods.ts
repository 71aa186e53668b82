/**
 * Every @bcos/gradcam method on one standard ResNet-18 (ImageNet stem, width 64, 1000 classes) at
 * 224×224: ms per batch and the ratio to one forward + backward of the model (the weight gradients
 * of the summed top logits, batch norm on moving statistics), measured in the same run.
 *   npm run bench -- gradcam-methods [--backends wasm] [--batch 1] [--methods gradcam,fullgrad]
 *                                    [--layer layer4.1] [--refine-layers layer3.1,layer4.1]
 * Score-CAM runs one forward pass per channel of the layer (512 at layer4.1), so it dominates.
 */
import { EXPLAIN_METHODS, type ExplainMethodName, explain, isExplainMethodName } from '@bcos/gradcam';
import { resnet18 } from '@bcos/resnet';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type BenchArgs, eachBackend, measure, printTable } from '../harness';

type Row = Record<string, string | number>;

/** Methods that combine several layers take these. */
const SEVERAL_LAYERS = new Set(['refinecam']);

function forwardBackward(model: LayersModel, images: tf.Tensor4D): tf.NamedTensorMap {
  return tf.variableGrads(() => tf.sum(tf.max(model.apply(images, { training: false }) as tf.Tensor2D, 1)))
    .grads;
}

function methodsFrom(options: Record<string, string>): ExplainMethodName[] {
  const methods = options.methods?.split(',').filter(Boolean) ?? [...EXPLAIN_METHODS];
  for (const name of methods) {
    if (!isExplainMethodName(name))
      throw new Error(`bench gradcam-methods: unknown method '${name}' in --methods`);
  }
  return methods as ExplainMethodName[];
}

export async function run(args: BenchArgs): Promise<void> {
  const batch = Number(args.options.batch ?? 1);
  if (!(Number.isInteger(batch) && batch > 0))
    throw new Error(`bench gradcam-methods: --batch must be a positive integer, got '${args.options.batch}'`);
  const methods = methodsFrom(args.options);
  const layer = args.options.layer ?? 'layer4.1';
  const refineLayers = (args.options['refine-layers'] ?? 'layer3.1,layer4.1').split(',');
  const rows: Row[] = [];
  for await (const backend of eachBackend({ ...args, backends: args.backends ?? ['wasm'] })) {
    const model = resnet18({ stem: 'imagenet', norm: 'batch', classes: 1000, inputShape: [224, 224, 3] });
    const images = tf.randomUniform([batch, 224, 224, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const baseline = await measure(() => forwardBackward(model, images), { warmup: 1, minRuns: 3 });
    rows.push({
      backend: backend.name,
      method: 'forward+backward',
      'ms/batch': baseline.medianMs,
      '× fwd+bwd': 1,
    });
    for (const method of methods) {
      const timing = await measure(
        async () => {
          const result = await explain(model, images, {
            method,
            layer: SEVERAL_LAYERS.has(method) ? refineLayers : layer,
          });
          return [result.cams, result.logits];
        },
        { warmup: 0, minRuns: 1, minTotalMs: 0 },
      );
      console.log(`# ${backend.name} ${method}: ${timing.medianMs.toFixed(0)} ms`);
      rows.push({
        backend: backend.name,
        method,
        'ms/batch': timing.medianMs,
        '× fwd+bwd': timing.medianMs / baseline.medianMs,
      });
    }
    images.dispose();
    model.dispose();
  }
  printTable(
    `@bcos/gradcam methods on ResNet-18 at 224×224 (layer ${layer}); ms per batch of ${batch}`,
    rows,
  );
}
