/**
 * The README's example: generate a tiny shapes dataset, train a narrow B-cos ResNet-18 for one
 * epoch on wasm, and write the report. Run: node --conditions=source --import tsx examples/quick-start.ts
 */
import { initBackend } from '@bcos/backend';
import { split } from '@bcos/datasets';
import { cifar10, generateShapes } from '@bcos/datasets/node';
import { bcosResnet18 } from '@bcos/resnet';
import { train, withSeededRandom, writeReport } from '@bcos/train';

await initBackend({ backend: 'wasm' });
const { dir } = await generateShapes({ dir: 'runs/example/shapes', n: 40, testCount: 20, seed: 1 });
const [trainSet, valSet] = split(await cifar10(dir, { split: 'train' }), [30, 10], { seed: 0 });
const test = await cifar10(dir, { split: 'test' });
const model = withSeededRandom(0, () =>
  bcosResnet18({ stem: 'cifar', classes: 10, inputShape: [32, 32, 6], width: 4 }),
);

const { history } = await train({
  model,
  data: { train: trainSet!, val: valSet!, test },
  loss: 'bce',
  optimizer: { name: 'adamw', lr: 1e-3, weightDecay: 0.05 },
  schedule: { name: 'cosine', interval: 'step', warmup: { length: 2, interval: 'step' } },
  clip: { kind: 'agc', clipFactor: 0.16 },
  epochs: 1,
  batchSize: 10,
  checkpointDir: 'runs/example/checkpoints',
  logFile: 'runs/example/log.jsonl',
  printSummary: false,
});
const { index } = await writeReport({
  directory: 'runs/example/report',
  model,
  dataset: test,
  history,
  misclassified: 4,
  correct: 2,
});
console.log(`report: ${index}`);
