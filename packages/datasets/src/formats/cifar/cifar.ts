import { type FileSource, openFileSource } from '../../archive/file-source';
import { DatasetFormatError } from '../../errors';
import { MemoryDataset } from '../../memory-dataset';
import {
  CIFAR_SIDE,
  type CifarLayout,
  concatRecords,
  parseCifarRecords,
  type RecordCount,
} from './cifar-records';
import { CIFAR_RECORDS_FILE, parseRecordManifest, type RecordManifest } from './record-manifest';

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

/** What a split is read from and what its files must hold. */
interface CifarRead {
  dataFiles: readonly string[];
  namesFile: string;
  layout: CifarLayout;
  /** Records an official file of this kind holds, and how to say so. */
  official: (file: string) => { exactly: number; why: string };
  allowSubset: boolean;
  name: string;
}

function expectedRecords(read: CifarRead, file: string, manifest: RecordManifest | undefined): RecordCount {
  const official = read.official(file);
  if (read.allowSubset) return { atMost: official.exactly };
  return (
    manifest?.count(file) ?? { ...official, why: `${official.why}; to read a subset, pass allowSubset: true` }
  );
}

/** Refuses a split that would hold no images before anything else is read or trained on. */
function checkNotEmpty(read: CifarRead, expected: readonly RecordCount[], source: FileSource): void {
  const total = expected.reduce((n, e) => n + ('exactly' in e ? e.exactly : 1), 0);
  if (total === 0) {
    throw new DatasetFormatError(
      source.describe(CIFAR_RECORDS_FILE),
      undefined,
      `${read.name} holds no images (${read.dataFiles.join(', ')}: 0 records)`,
    );
  }
}

async function readCifar(source: FileSource, read: CifarRead): Promise<MemoryDataset> {
  const { dataFiles, namesFile, layout, name } = read;
  const files = await source.readFiles([...dataFiles, namesFile], [CIFAR_RECORDS_FILE]);
  const manifestBytes = files.get(CIFAR_RECORDS_FILE);
  const manifest = manifestBytes && parseRecordManifest(manifestBytes, source.describe(CIFAR_RECORDS_FILE));
  const expected = dataFiles.map((file) => expectedRecords(read, file, manifest));
  checkNotEmpty(read, expected, source);
  const parts = dataFiles.map((file, i) =>
    parseCifarRecords(files.get(file)!, layout, source.describe(file), expected[i]!),
  );
  const { images, labels } = concatRecords(parts);
  const classCount = layout.labelClasses[layout.labelIndex]!;
  const classNames = parseClassNames(files.get(namesFile)!, classCount, source.describe(namesFile));
  return new MemoryDataset({ name, images, labels, imageShape: [CIFAR_SIDE, CIFAR_SIDE, 3], classNames });
}

export interface CifarOptions {
  split?: CifarSplit;
  /**
   * Accept files holding fewer records than the official ones (a subset cut from them): each
   * file then holds 1 to the official count. By default every file must hold exactly the official
   * count (10,000 per CIFAR-10 batch, 50,000 / 10,000 for CIFAR-100), or the count that the
   * folder's `bcos-records.json` (written by `generateShapes`) gives for it.
   */
  allowSubset?: boolean;
}

function checkOptions({ split, allowSubset }: CifarOptions, reader: string): void {
  if (split !== 'train' && split !== 'test')
    throw new Error(`${reader}: split must be 'train' or 'test', got '${split}'`);
  if (typeof allowSubset !== 'boolean')
    throw new Error(`${reader}: allowSubset must be true or false, got ${JSON.stringify(allowSubset)}`);
}

/**
 * CIFAR-10 in its binary distribution: `cifar-10-binary.tar.gz`, the `cifar-10-batches-bin`
 * directory it holds, or the directory containing that. Train is data_batch_1..5 (50,000 images),
 * test is test_batch (10,000); images 32×32×3. Short or empty files are refused (see `allowSubset`).
 */
export async function cifar10(
  path: string,
  { split = 'train', allowSubset = false }: CifarOptions = {},
): Promise<MemoryDataset> {
  checkOptions({ split, allowSubset }, 'cifar10');
  const source = openFileSource(path, CIFAR10_FOLDER);
  return readCifar(source, {
    dataFiles: split === 'train' ? CIFAR10_TRAIN_FILES : [CIFAR10_TEST_FILE],
    namesFile: CIFAR10_META_FILE,
    layout: { labelClasses: [10], labelIndex: 0 },
    official: () => ({ exactly: 10_000, why: 'an official CIFAR-10 batch file holds 10,000' }),
    allowSubset,
    name: `cifar10-${split}`,
  });
}

export interface Cifar100Options extends CifarOptions {
  /** The 100 fine classes (default) or the 20 coarse superclasses. */
  labels?: 'fine' | 'coarse';
}

/**
 * CIFAR-100 in its binary distribution (`cifar-100-binary.tar.gz` or its directory): train.bin
 * (50,000) and test.bin (10,000), each record a coarse and a fine label byte, then the image.
 */
export async function cifar100(
  path: string,
  { split = 'train', labels = 'fine', allowSubset = false }: Cifar100Options = {},
): Promise<MemoryDataset> {
  checkOptions({ split, allowSubset }, 'cifar100');
  if (labels !== 'fine' && labels !== 'coarse')
    throw new Error(`cifar100: labels must be 'fine' or 'coarse', got '${labels}'`);
  const source = openFileSource(path, CIFAR100_FOLDER);
  const records = split === 'train' ? 50_000 : 10_000;
  return readCifar(source, {
    dataFiles: [`${split}.bin`],
    namesFile: `${labels}_label_names.txt`,
    layout: { labelClasses: [20, 100], labelIndex: labels === 'coarse' ? 0 : 1 },
    official: (file) => ({
      exactly: records,
      why: `the official CIFAR-100 ${file} holds ${records.toLocaleString('en-US')}`,
    }),
    allowSubset,
    name: `cifar100-${split}-${labels}`,
  });
}
