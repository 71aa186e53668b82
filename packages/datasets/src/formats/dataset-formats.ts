import type { ImageDataset } from '../types';
import { celebaFormat } from './celeba/celeba-format';
import { cifar10Format, cifar100Format } from './cifar/cifar-formats';
import type { DatasetFormat, FormatOptions, ModelImages, SplitName } from './dataset-format';
import { fashionMnistFormat } from './idx/fashion-mnist-format';
import { imageFolderFormat } from './image-folder-format';

/** The formats a run config's `data.format` (and `bcos-eval --data`) names: a new one is a file and a line here. */
export const DATASET_FORMATS = {
  cifar10: cifar10Format,
  cifar100: cifar100Format,
  fashionMnist: fashionMnistFormat,
  celeba: celebaFormat,
  imageFolder: imageFolderFormat,
} as const;

export type DatasetFormatName = keyof typeof DATASET_FORMATS;

type Formats = typeof DATASET_FORMATS;
type OptionsOf<Name extends DatasetFormatName> = FormatOptions<Formats[Name]['options']>;

/** A dataset on disk: its format, its folder and the format's options. */
export type DatasetSpec = {
  [Name in DatasetFormatName]: { format: Name; dir: string } & OptionsOf<Name>;
}[DatasetFormatName];

export function isDatasetFormatName(name: string): name is DatasetFormatName {
  return Object.hasOwn(DATASET_FORMATS, name);
}

/** The splits a format comes with (an image folder is one training set). */
export function formatSplits(format: DatasetFormatName): readonly SplitName[] {
  return DATASET_FORMATS[format].splits;
}

export function hasSplit(format: DatasetFormatName, split: string): split is SplitName {
  return (formatSplits(format) as readonly string[]).includes(split);
}

// The entries' own split and option types, widened for lookups by a name only known at run time.
const lookUp = (format: DatasetFormatName) => DATASET_FORMATS[format] as unknown as DatasetFormat;

/** One split of a dataset, read with its format's options. */
export async function readDatasetSplit(spec: DatasetSpec, split: SplitName): Promise<ImageDataset> {
  if (!hasSplit(spec.format, split))
    throw new Error(
      `${spec.format} has no '${split}' split (its splits: ${formatSplits(spec.format).join(', ')})`,
    );
  return lookUp(spec.format).read(spec.dir, split, spec);
}

/** The options of `format` that give the images `model` takes (the model's size, CelebA's attribute). */
export function formatOptionsFor(format: DatasetFormatName, model: ModelImages): Record<string, unknown> {
  return lookUp(format).optionsFor?.(model) ?? {};
}
