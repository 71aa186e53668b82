import { DATASET_FORMATS, type DatasetFormatName } from '@bcos/datasets/node';
import { z } from 'zod';

const count = z.number().int().positive();

/** What every format takes besides its own options: the folder, the validation share and the limits. */
const splits = {
  dir: z.string(),
  /** Images of the training split held out for validation (default 10 %), unless the dataset has its own validation split. */
  valFraction: z.number().min(0).lt(1).default(0.1),
  /** Use only the first N training / validation / test images (quick runs). */
  trainLimit: count.optional(),
  valLimit: count.optional(),
  testLimit: count.optional(),
};

type Formats = typeof DATASET_FORMATS;
type FormatShape<Name extends DatasetFormatName> = { format: z.ZodLiteral<Name> } & typeof splits &
  Formats[Name]['options'];
type FormatSchema<Name extends DatasetFormatName> =
  FormatShape<Name> extends infer Shape extends z.ZodRawShape ? z.ZodObject<Shape, z.core.$strict> : never;
type AnyFormatSchema = { [Name in DatasetFormatName]: FormatSchema<Name> }[DatasetFormatName];

const formatSchemas = Object.entries(DATASET_FORMATS).map(([format, { options }]) =>
  z.strictObject({ format: z.literal(format), ...splits, ...options }),
) as unknown as [AnyFormatSchema, ...AnyFormatSchema[]];

/** The `data` section of a run config: a format of @bcos/datasets' registry with its own options, the folder, the validation share and limits. */
export const dataConfigSchema = z.discriminatedUnion('format', formatSchemas);

export type DataConfig = z.infer<typeof dataConfigSchema>;
