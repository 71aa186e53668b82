import type { ImageDataset } from '@bcos/datasets';
import { celeba, cifar10, cifar100, fashionMnist, imageFolder } from '@bcos/datasets/node';
import type { DataConfig } from './data-config';

/** Split names as CelebA's list_eval_partition.txt has them. */
export type SplitName = 'train' | 'valid' | 'test';
type TrainOrTest = Exclude<SplitName, 'valid'>;

/** The splits each format comes with; an image folder is one training set. */
export const FORMAT_SPLITS = {
  cifar10: ['train', 'test'],
  cifar100: ['train', 'test'],
  fashionMnist: ['train', 'test'],
  celeba: ['train', 'valid', 'test'],
  imageFolder: ['train'],
} as const satisfies Record<DataConfig['format'], readonly SplitName[]>;

export function hasSplit(format: DataConfig['format'], split: string): split is SplitName {
  return (FORMAT_SPLITS[format] as readonly string[]).includes(split);
}

/** One split of the dataset a data config names, read with the format's options. */
export async function readSplit(config: DataConfig, split: SplitName): Promise<ImageDataset> {
  const { format, dir } = config;
  // Checked here, so that the readers below may take the split as theirs.
  if (!hasSplit(format, split)) throw new Error(`data.format ${format} has no '${split}' split`);
  switch (config.format) {
    case 'cifar10':
      return cifar10(dir, { split: split as TrainOrTest });
    case 'cifar100':
      return cifar100(dir, { split: split as TrainOrTest });
    case 'fashionMnist':
      return fashionMnist(dir, {
        split: split as TrainOrTest,
        padTo: config.padTo,
        channels: config.channels,
      });
    case 'celeba': {
      const { attribute, crop, size, cache } = config;
      return celeba(dir, { split, attribute, crop, size, cache });
    }
    case 'imageFolder': {
      const { imageSize } = config;
      return imageFolder(dir, imageSize ? { size: { height: imageSize[0], width: imageSize[1] } } : {});
    }
  }
}
