import type { z } from 'zod';
import type { ImageDataset } from '../types';

/** Split names as CelebA's list_eval_partition.txt has them. */
export type SplitName = 'train' | 'valid' | 'test';

/** The images a model takes, for reading a dataset shaped as its input (`bcos-eval`). */
export interface ModelImages {
  imageShape: readonly [number, number, number];
  classNames: readonly string[];
}

/** The options a format's schema describes, once validated. */
export type FormatOptions<Shape extends z.ZodRawShape> = [keyof Shape] extends [never]
  ? object
  : z.output<z.ZodObject<Shape>>;

/**
 * One dataset format of a run config's `data` section (`DATASET_FORMATS`): the splits it comes with,
 * its own options (a zod shape, beside `format` and `dir`) and how a split is read.
 */
export interface DatasetFormat<
  Split extends SplitName = SplitName,
  Shape extends z.ZodRawShape = z.ZodRawShape,
> {
  splits: readonly Split[];
  options: Shape;
  read(dir: string, split: Split, options: FormatOptions<Shape>): Promise<ImageDataset>;
  /** The options that give the images a model takes; none when absent. Throws when no options can. */
  optionsFor?(model: ModelImages): FormatOptions<Shape>;
}

/** Declares a format, keeping its split and option types (the registry's entries). */
export function datasetFormat<Split extends SplitName, Shape extends z.ZodRawShape>(
  format: DatasetFormat<Split, Shape>,
): DatasetFormat<Split, Shape> {
  return format;
}
