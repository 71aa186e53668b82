import { initBackend } from '@bcos/backend';
import { writeFileAtomic } from '@bcos/backend/node';
import { formatNumber, formatPercent } from '../logging/format';
import { evaluate } from '../loop/evaluate';
import type { PhaseMetrics } from '../metrics/metric-totals';
import { CONVERTED_MODEL_HELP } from './converted-model-help';
import { loadEvalDataset } from './eval-dataset';
import { loadTrainedModel } from './load-model';
import { pipelineFor } from './model-input';
import { backendFlag, parseFlags, positiveIntegerFlag, requireFlag, UsageError } from './run-cli';

export const EVAL_USAGE = `usage: bcos-eval --model DIR --data SPEC [--batch-size N] [--class-names FILE] [--json FILE] [--backend NAME]

SPEC is <format>:<dir>[:<split>] (format cifar10, cifar100, fashionMnist, celeba, imageFolder; split
train or test, or valid for celeba; default test) or a directory of class folders. Fashion-MNIST is
padded and CelebA resized to the model's input. Prints accuracy, per-class accuracy and the
confusion matrix. ${CONVERTED_MODEL_HELP}`;

/** The confusion matrix as aligned text, rows = true class, columns = predicted. */
export function confusionText(metrics: PhaseMetrics, classNames: readonly string[]): string {
  const width = Math.max(5, ...metrics.confusion.flat().map((n) => String(n).length)) + 1;
  const label = Math.max(...classNames.map((n) => n.length)) + 1;
  const header = `${'true \\ predicted'.padEnd(label)}${classNames.map((_, i) => String(i).padStart(width)).join('')}`;
  const rows = metrics.confusion.map(
    (row, t) =>
      `${`${t} ${classNames[t]}`.padEnd(label + 2).slice(0, label)}${row.map((n) => String(n).padStart(width)).join('')}`,
  );
  return [header, ...rows].join('\n');
}

/** The dataset's classes must be the model's, in the same order (a matching count is not enough). */
function checkSameClasses(
  data: readonly string[],
  model: readonly string[],
  spec: string,
  modelPath: string,
) {
  if (data.length !== model.length)
    throw new UsageError(`--data ${spec} has ${data.length} classes, the model ${modelPath} ${model.length}`);
  const i = data.findIndex((name, k) => name !== model[k]);
  if (i >= 0)
    throw new UsageError(
      `--data ${spec}'s classes differ from the model ${modelPath}'s: class ${i} is '${data[i]}' in the data, '${model[i]}' in the model (data: ${data.join(', ')}; model: ${model.join(', ')})`,
    );
}

export async function evalCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(
    argv,
    {
      model: { type: 'string' },
      data: { type: 'string' },
      'batch-size': { type: 'string' },
      'class-names': { type: 'string' },
      json: { type: 'string' },
      backend: { type: 'string' },
    },
    EVAL_USAGE,
  );
  const [modelPath, spec] = [requireFlag(flags.model, '--model'), requireFlag(flags.data, '--data')];
  const batchSize = positiveIntegerFlag(flags['batch-size'], '--batch-size') ?? 128;
  await initBackend({ backend: backendFlag(flags.backend) });
  const { model, info } = await loadTrainedModel(modelPath, flags['class-names']);
  const dataset = await loadEvalDataset(spec, info);
  checkSameClasses(dataset.classNames, info.classNames, spec, modelPath);
  const pipeline = pipelineFor(info);
  const { metrics } = await evaluate(model, dataset, {
    batchSize,
    loss: info.loss,
    input: { encoding: pipeline.encoding, evalTransform: pipeline.evalTransform },
  });
  console.log(
    `${dataset.name}: ${metrics.count} images, loss ${formatNumber(metrics.loss)}, accuracy ${formatPercent(metrics.accuracy)}`,
  );
  console.log('\nper-class accuracy:');
  for (const [c, name] of info.classNames.entries())
    console.log(`  ${name.padEnd(20)} ${formatPercent(metrics.perClassAccuracy[c])}`);
  console.log(`\nconfusion matrix:\n${confusionText(metrics, info.classNames)}`);
  if (flags.json)
    await writeFileAtomic(
      flags.json,
      JSON.stringify({ dataset: dataset.name, classNames: info.classNames, ...metrics }, null, 1),
    );
}
