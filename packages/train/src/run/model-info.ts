import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@bcos/backend/node';
import { z } from 'zod';
import type { InputEncoding } from '../loop/input-pipeline';
import type { LossName } from '../losses/loss';
import { convertedModelInfo } from './converted-model-info';

/** What the CLIs need besides the weights to use a trained model: written as `bcos-model.json` beside model.json. */
export interface ModelInfo {
  classNames: string[];
  imageShape: [number, number, number];
  encoding: InputEncoding;
  loss: LossName;
  /** Evaluation normalisation of a plain model, if it was trained with one. */
  normalize?: { mean: number[]; std: number[] };
}

export const MODEL_INFO_FILE = 'bcos-model.json';

export async function writeModelInfo(directory: string, info: ModelInfo): Promise<void> {
  await writeFileAtomic(join(directory, MODEL_INFO_FILE), JSON.stringify(info, null, 1));
}

const modelInfoSchema = z.object({
  classNames: z.array(z.string()).min(1),
  imageShape: z.tuple([
    z.number().int().positive(),
    z.number().int().positive(),
    z.number().int().positive(),
  ]),
  encoding: z.enum(['rgb', 'bcos']),
  loss: z.enum(['crossentropy', 'bce']),
  normalize: z.object({ mean: z.array(z.number()), std: z.array(z.number().positive()) }).optional(),
});

/**
 * The model's bcos-model.json or, for a bcos-convert output without one, the description its
 * model.json metadata implies (`classNamesFile`, a JSON array, names its classes).
 */
export async function readModelInfo(directory: string, classNamesFile?: string): Promise<ModelInfo> {
  const path = join(directory, MODEL_INFO_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const converted =
      (error as { code?: string }).code === 'ENOENT'
        ? await convertedModelInfo(directory, classNamesFile)
        : undefined;
    if (converted) return converted;
    throw new Error(
      `${path}: cannot read the model's class names and input description (${(error as Error).message}); was the model saved by bcos-train or bcos-convert?`,
    );
  }
  if (classNamesFile)
    throw new Error(`--class-names ${classNamesFile}: ${path} names the model's classes already`);
  return parseModelInfo(json, path);
}

/** A bcos-model.json's content checked against the schema; errors name `source` (its path or URL). */
export function parseModelInfo(json: unknown, source: string): ModelInfo {
  const parsed = modelInfoSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `${source} is not a valid model description: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data as ModelInfo;
}
