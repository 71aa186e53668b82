import type { TopLevelSpec } from 'vega-lite';
import { type EpochRecord, PHASES } from '../loop/epoch-record';

const WIDTH = 360;
const HEIGHT = 220;

/** One row per epoch and phase with the metric's value, for a line per phase. */
function phaseRows(history: readonly EpochRecord[], metric: 'loss' | 'accuracy') {
  return history.flatMap((record) =>
    PHASES.flatMap((phase) => {
      const value = record[phase]?.[metric];
      return value === undefined || !Number.isFinite(value) ? [] : [{ epoch: record.epoch, phase, value }];
    }),
  );
}

/** Loss or accuracy per epoch, one line per phase (train vs val vs test). */
export function curveSpec(history: readonly EpochRecord[], metric: 'loss' | 'accuracy'): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: metric === 'loss' ? 'Loss' : 'Accuracy',
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    data: { values: phaseRows(history, metric) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: {
        field: 'value',
        type: 'quantitative',
        title: metric,
        ...(metric === 'accuracy' ? { scale: { domain: [0, 1] }, axis: { format: '%' } } : {}),
      },
      color: { field: 'phase', type: 'nominal', title: null, sort: [...PHASES] },
    },
  };
}

export function learningRateSpec(history: readonly EpochRecord[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Learning rate (last step of each epoch)',
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    data: { values: history.map((r) => ({ epoch: r.epoch, lr: r.lr })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
      y: { field: 'lr', type: 'quantitative', title: 'learning rate', axis: { format: '.1e' } },
    },
  };
}

/** Heat map of counts, row = true class, column = predicted class, counts written in the cells. */
export function confusionSpec(
  confusion: readonly number[][],
  classNames: readonly string[],
  title: string,
): TopLevelSpec {
  const values = confusion.flatMap((row, t) =>
    row.map((count, p) => ({ truth: classNames[t], predicted: classNames[p], count })),
  );
  const side = Math.min(520, Math.max(160, 28 * classNames.length));
  const max = Math.max(1, ...values.map((v) => v.count));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: side,
    height: side,
    background: 'white',
    data: { values },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: [...classNames], title: 'predicted' },
      y: { field: 'truth', type: 'nominal', sort: [...classNames], title: 'true' },
    },
    layer: [
      {
        mark: 'rect',
        encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' } } },
      },
      ...(classNames.length <= 20
        ? [
            {
              mark: { type: 'text' as const, fontSize: 10 },
              encoding: {
                text: { field: 'count', type: 'quantitative' as const },
                color: { condition: { test: `datum.count > ${max / 2}`, value: 'white' }, value: 'black' },
              },
            },
          ]
        : []),
    ],
  };
}

export function perClassSpec(
  perClass: ReadonlyArray<number | null>,
  classNames: readonly string[],
  title: string,
): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: Math.min(720, Math.max(200, 24 * classNames.length)),
    height: HEIGHT,
    background: 'white',
    data: {
      values: perClass.flatMap((accuracy, c) =>
        accuracy === null ? [] : [{ class: classNames[c], accuracy }],
      ),
    },
    mark: 'bar',
    encoding: {
      x: { field: 'class', type: 'nominal', sort: [...classNames], title: null },
      y: { field: 'accuracy', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '%' } },
    },
  };
}
