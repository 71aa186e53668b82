import { join } from 'node:path';
import type { Transform } from '@bcos/augment';
import { writeFileAtomic } from '@bcos/backend/node';
import type { ImageDataset } from '@bcos/datasets';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { EpochRecord } from '../loop/epoch-record';
import { evaluate } from '../loop/evaluate';
import { detectEncoding, type InputEncoding, InputPipeline } from '../loop/input-pipeline';
import type { LossName } from '../losses/loss';
import type { PhaseMetrics } from '../metrics/metric-totals';
import { confusionSpec, curveSpec, learningRateSpec, perClassSpec } from './chart-specs';
import { type GalleryContext, type GradcamChoice, writeGallery } from './gallery';
import { reportHtml } from './html';
import { renderChart } from './render-chart';
import { firstExamples, selectExamples } from './select-examples';

export interface ReportOptions {
  /** The report folder (created). */
  directory: string;
  model: LayersModel;
  /** The data the confusion matrix and galleries show (usually the test or validation set). */
  dataset: ImageDataset;
  /** Training history for the curves (none: no curves). */
  history?: readonly EpochRecord[];
  title?: string;
  loss?: LossName;
  evalTransform?: Transform;
  inputEncoding?: InputEncoding;
  batchSize?: number;
  /** The first N images of `dataset` shown first, each with its prediction, probability and explanations (default 0). */
  first?: number;
  /** Misclassified images shown (default 20). */
  misclassified?: number;
  /** Correctly classified images shown with their B-cos explanations (default: as many as misclassified; B-cos models only). */
  correct?: number;
  /** Grad-CAM beside each gallery image (default gradcam on the last 4-D layer); false for none. */
  gradcam?: GradcamChoice | false;
}

async function renderCurves(directory: string, history: readonly EpochRecord[]) {
  if (history.length === 0) return {};
  return {
    loss: await renderChart(curveSpec(history, 'loss'), directory, 'loss'),
    accuracy: await renderChart(curveSpec(history, 'accuracy'), directory, 'accuracy'),
    lr: await renderChart(learningRateSpec(history), directory, 'learning-rate'),
  };
}

/**
 * Writes a report folder a person opens: index.html with loss/accuracy/lr curves (vega-lite, SVG +
 * PNG), confusion-matrix heat map, per-class accuracy bars, the first `first` images, the misclassified gallery with Grad-CAM
 * beside each image, and for B-cos models their explanations of misclassified and correct images.
 * Returns the page and the metrics it shows of `dataset`, so that callers need not evaluate again.
 */
export async function writeReport(options: ReportOptions): Promise<{ index: string; metrics: PhaseMetrics }> {
  const { directory, model, dataset, history = [] } = options;
  const encoding = options.inputEncoding ?? detectEncoding(model, dataset.imageShape);
  const { metrics, predictions } = await evaluate(model, dataset, {
    batchSize: options.batchSize,
    loss: options.loss,
    input: { evalTransform: options.evalTransform, encoding },
    predictions: true,
  });
  const classNames = dataset.classNames;
  const charts = {
    ...(await renderCurves(directory, history)),
    confusion: await renderChart(
      confusionSpec(metrics.confusion, classNames, `Confusion matrix (${dataset.name})`),
      directory,
      'confusion-matrix',
    ),
    perClass: await renderChart(
      perClassSpec(metrics.perClassAccuracy, classNames, `Per-class accuracy (${dataset.name})`),
      directory,
      'per-class-accuracy',
    ),
  };
  const bcos = encoding === 'bcos';
  const context: GalleryContext = {
    directory,
    model,
    dataset,
    pipeline: new InputPipeline({ evalTransform: options.evalTransform, encoding }),
    predictions: predictions!,
    gradcam: options.gradcam ?? {},
    bcos,
  };
  const first = await writeGallery(context, firstExamples(predictions!, options.first ?? 0), 'images/first');
  const count = options.misclassified ?? 20;
  const misclassified = await writeGallery(
    context,
    selectExamples(predictions!, 'misclassified', count),
    'images/misclassified',
  );
  const correct = bcos
    ? await writeGallery(
        context,
        selectExamples(predictions!, 'correct', options.correct ?? count),
        'images/correct',
      )
    : [];
  const index = join(directory, 'index.html');
  const html = reportHtml({
    title: options.title ?? `Report: ${model.name}`,
    history,
    classNames,
    evaluatedOn: `${dataset.name} (${dataset.size} images)`,
    metrics,
    charts,
    first,
    misclassified,
    correct,
    gradcamMethod: options.gradcam === false ? undefined : (options.gradcam?.method ?? 'gradcam'),
  });
  await writeFileAtomic(index, html);
  return { index, metrics };
}
