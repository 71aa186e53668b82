import type { ImageDataset } from '@bcos/datasets';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { defaultLoss, type LossName, lossFunction } from '../losses/loss';
import { DeviceMetrics } from '../metrics/device-metrics';
import { type PhaseMetrics, summarise } from '../metrics/metric-totals';
import { detectEncoding, InputPipeline, type InputPipelineOptions } from './input-pipeline';
import { PredictionCollector, type Predictions } from './predictions';

export interface EvaluateOptions {
  batchSize?: number;
  /** Default `defaultLoss` of the encoding: BCE for B-cos' 6-channel encoding, else cross-entropy. */
  loss?: LossName;
  /** Evaluation transform and encoding; the encoding is detected from the model when absent. */
  input?: Partial<InputPipelineOptions>;
  /** Also return every example's prediction and confidence. */
  predictions?: boolean;
}

export interface Evaluation {
  metrics: PhaseMetrics;
  predictions?: Predictions;
}

/** Loss, accuracy, per-class accuracy and confusion matrix of `model` on `dataset` (inference mode). */
export async function evaluate(
  model: LayersModel,
  dataset: ImageDataset,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  const { batchSize = 128 } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`evaluate: batchSize must be a positive integer, got ${batchSize}`);
  if (dataset.size === 0) throw new Error(`evaluate: dataset ${dataset.name} is empty`);
  const encoding = options.input?.encoding ?? detectEncoding(model, dataset.imageShape);
  const pipeline = new InputPipeline({ ...options.input, encoding });
  const loss = options.loss ?? defaultLoss(encoding);
  const lossOf = lossFunction(loss);
  const metrics = new DeviceMetrics(dataset.classNames.length);
  const collector = options.predictions ? new PredictionCollector(loss) : undefined;
  try {
    for await (const batch of dataset.batches({ batchSize, shuffle: false })) {
      tf.tidy(() => {
        const logits = model.apply(pipeline.prepare(batch.images), { training: false }) as tf.Tensor2D;
        metrics.add(lossOf(logits, batch.labels), logits, batch.labels);
        collector?.add(logits, batch.labels, batch.indices);
      });
      tf.dispose([batch.images, batch.labels]);
    }
    const result: Evaluation = { metrics: summarise(await metrics.totals(), metrics.classes) };
    if (collector) result.predictions = await collector.read();
    return result;
  } finally {
    metrics.dispose();
    collector?.dispose();
  }
}
