import { type FileSource, openFileSource } from '../../archive/file-source';
import { DatasetFormatError } from '../../errors';
import { MemoryDataset } from '../../memory-dataset';
import { CIFAR_SIDE, type CifarLayout, concatRecords, parseCifarRecords } from './cifar-records';

export type CifarSplit = 'train' | 'test';

export const CIFAR10_FOLDER = 'cifar-10-batches-bin';
export const CIFAR100_FOLDER = 'cifar-100-binary';
export const CIFAR10_TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
export const CIFAR10_TEST_FILE = 'test_batch.bin';
export const CIFAR10_META_FILE = 'batches.meta.txt';

function parseClassNames(bytes: Uint8Array, expected: number, file: string): string[] {
  const names = new TextDecoder()
    .decode(bytes)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (names.length !== expected) {
    throw new DatasetFormatError(
      file,
      undefined,
      `expected ${expected} class names, one a line, found ${names.length}`,
    );
  }
  return names;
}

async function readCifar(
  source: FileSource,
  dataFiles: readonly string[],
  namesFile: string,
  layout: CifarLayout,
  name: string,
): Promise<MemoryDataset> {
  const files = await source.readFiles([...dataFiles, namesFile]);
  const parts = dataFiles.map((file) => parseCifarRecords(files.get(file)!, layout, source.describe(file)));
  const { images, labels } = concatRecords(parts);
  const classCount = layout.labelClasses[layout.labelIndex]!;
  const classNames = parseClassNames(files.get(namesFile)!, classCount, source.describe(namesFile));
  return new MemoryDataset({ name, images, labels, imageShape: [CIFAR_SIDE, CIFAR_SIDE, 3], classNames });
}

function checkSplit(split: string, reader: string): void {
  if (split !== 'train' && split !== 'test')
    throw new Error(`${reader}: split must be 'train' or 'test', got '${split}'`);
}

/**
 * CIFAR-10 in its binary distribution: `cifar-10-binary.tar.gz`, the `cifar-10-batches-bin`
 * directory it holds, or the directory containing that. Train is data_batch_1..5 (50,000 images),
 * test is test_batch (10,000); images 32×32×3.
 */
export async function cifar10(
  path: string,
  { split = 'train' }: { split?: CifarSplit } = {},
): Promise<MemoryDataset> {
  checkSplit(split, 'cifar10');
  const source = openFileSource(path, CIFAR10_FOLDER);
  const dataFiles = split === 'train' ? CIFAR10_TRAIN_FILES : [CIFAR10_TEST_FILE];
  const layout = { labelClasses: [10], labelIndex: 0, maxRecords: 10_000 };
  return readCifar(source, dataFiles, CIFAR10_META_FILE, layout, `cifar10-${split}`);
}

export interface Cifar100Options {
  split?: CifarSplit;
  /** The 100 fine classes (default) or the 20 coarse superclasses. */
  labels?: 'fine' | 'coarse';
}

/**
 * CIFAR-100 in its binary distribution (`cifar-100-binary.tar.gz` or its directory): train.bin
 * (50,000) and test.bin (10,000), each record a coarse and a fine label byte, then the image.
 */
export async function cifar100(
  path: string,
  { split = 'train', labels = 'fine' }: Cifar100Options = {},
): Promise<MemoryDataset> {
  checkSplit(split, 'cifar100');
  if (labels !== 'fine' && labels !== 'coarse')
    throw new Error(`cifar100: labels must be 'fine' or 'coarse', got '${labels}'`);
  const source = openFileSource(path, CIFAR100_FOLDER);
  const layout = {
    labelClasses: [20, 100],
    labelIndex: labels === 'coarse' ? 0 : 1,
    maxRecords: split === 'train' ? 50_000 : 10_000,
  };
  return readCifar(
    source,
    [`${split}.bin`],
    `${labels}_label_names.txt`,
    layout,
    `cifar100-${split}-${labels}`,
  );
}
