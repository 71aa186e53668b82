import { cifar10, cifar100, fashionMnist, type ImageDataset, imageFolder, split, take } from '@bcos/datasets';
import type { RunConfig } from './config-schema';

type DataConfig = RunConfig['data'];

export interface LoadedData {
  train: ImageDataset;
  val?: ImageDataset;
  test?: ImageDataset;
}

function limited(dataset: ImageDataset, limit: number | undefined): ImageDataset {
  return limit && limit < dataset.size ? take(dataset, limit) : dataset;
}

async function readSplits(config: DataConfig): Promise<{ train: ImageDataset; test?: ImageDataset }> {
  const { format, dir } = config;
  switch (format) {
    case 'cifar10':
      return { train: await cifar10(dir, { split: 'train' }), test: await cifar10(dir, { split: 'test' }) };
    case 'cifar100':
      return { train: await cifar100(dir, { split: 'train' }), test: await cifar100(dir, { split: 'test' }) };
    case 'fashionMnist':
      return {
        train: await fashionMnist(dir, { split: 'train' }),
        test: await fashionMnist(dir, { split: 'test' }),
      };
    case 'imageFolder':
      return {
        train: await imageFolder(
          dir,
          config.imageSize ? { size: { height: config.imageSize[0], width: config.imageSize[1] } } : {},
        ),
      };
  }
}

/** The datasets a config names: train (minus the validation share), val and test. */
export async function loadDatasets(config: DataConfig, seed: number): Promise<LoadedData> {
  const { train: full, test } = await readSplits(config);
  const train = limited(full, config.trainLimit);
  const valSize = Math.round(train.size * config.valFraction);
  const loaded: LoadedData = { train };
  if (valSize > 0)
    [loaded.train, loaded.val] = split(train, [train.size - valSize, valSize], { seed }) as [
      ImageDataset,
      ImageDataset,
    ];
  if (test) loaded.test = limited(test, config.testLimit);
  return loaded;
}

/** One evaluation dataset for bcos-eval: `<format>:<dir>[:train|test]`, or a plain directory of class folders. */
export async function loadEvalDataset(spec: string): Promise<ImageDataset> {
  const [format, dir, which = 'test'] = spec.split(':');
  if (dir === undefined) return imageFolder(spec);
  if (which !== 'train' && which !== 'test')
    throw new Error(`--data ${spec}: split must be train or test, got '${which}'`);
  if (format === 'cifar10') return cifar10(dir, { split: which });
  if (format === 'cifar100') return cifar100(dir, { split: which });
  if (format === 'fashionMnist') return fashionMnist(dir, { split: which });
  if (format === 'imageFolder') return imageFolder(dir);
  throw new Error(
    `--data ${spec}: unknown format '${format}'; expected cifar10, cifar100, fashionMnist or imageFolder`,
  );
}
