import type { LayersModel, layers } from '@tensorflow/tfjs-layers';

export interface SummaryRow {
  name: string;
  /** The layer's class name, e.g. Conv2D. */
  type: string;
  /** Output shape with -1 for the batch dimension. */
  outputShape: number[];
  trainable: number;
  nonTrainable: number;
}

export interface ModelSummary {
  rows: SummaryRow[];
  trainable: number;
  nonTrainable: number;
  /** A torchsummary-like table of the rows and the totals. */
  text: string;
}

/**
 * Layer-by-layer output shapes and parameter counts. Trainable and non-trainable parameters are
 * reported apart: Keras' countParams() adds batch norm's moving statistics to the weights.
 */
export function summary(model: LayersModel): ModelSummary {
  const seen = new Set<number>();
  const rows = model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: outputShapeOf(layer),
    trainable: countOnce(layer.trainableWeights, seen),
    nonTrainable: countOnce(layer.nonTrainableWeights, seen),
  }));
  const trainable = rows.reduce((sum, row) => sum + row.trainable, 0);
  const nonTrainable = rows.reduce((sum, row) => sum + row.nonTrainable, 0);
  return { rows, trainable, nonTrainable, text: summaryText(model.name, rows, trainable, nonTrainable) };
}

/** Counts each variable once, so that a layer applied twice does not count its weights twice. */
function countOnce(weights: layers.Layer['weights'], seen: Set<number>): number {
  let count = 0;
  for (const weight of weights) {
    if (seen.has(weight.id)) continue;
    seen.add(weight.id);
    count += weight.shape.reduce((product: number, d) => product * (d ?? 1), 1);
  }
  return count;
}

function outputShapeOf(layer: layers.Layer): number[] {
  const shape = layer.outputShape as (number | null)[] | (number | null)[][];
  // A layer with several outputs reports a list of shapes; ResNet layers have one.
  const first = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
  return first.map((d) => d ?? -1);
}

function summaryText(title: string, rows: SummaryRow[], trainable: number, nonTrainable: number): string {
  const header = ['Layer (type)', 'Output shape', 'Trainable', 'Non-trainable'];
  const cells = rows.map((row) => [
    `${row.name} (${row.type})`,
    `[${row.outputShape.join(', ')}]`,
    grouped(row.trainable),
    grouped(row.nonTrainable),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  const rule = '='.repeat(widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1));
  return [
    title,
    rule,
    line(header),
    rule,
    ...cells.map(line),
    rule,
    `Trainable parameters:     ${grouped(trainable)}`,
    `Non-trainable parameters: ${grouped(nonTrainable)}`,
    `Total parameters:         ${grouped(trainable + nonTrainable)}`,
  ].join('\n');
}

function grouped(n: number): string {
  return n.toLocaleString('en-US');
}
