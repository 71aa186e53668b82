import { readFile } from 'node:fs/promises';
import imagenetClasses from './imagenet-classes.json';

/**
 * Names of a model's `count` classes: those of `file` (a JSON array of exactly `count` strings) when
 * given, ImageNet's for a 1000-class model, and `class <i>` otherwise. `flag` names the file's source
 * in errors (e.g. `--class-names`).
 */
export async function modelClassNames(count: number, file?: string, flag = 'class names'): Promise<string[]> {
  if (file !== undefined) return namesFromFile(file, count, flag);
  if (count === imagenetClasses.length) return imagenetClasses;
  return Array.from({ length: count }, (_, i) => `class ${i}`);
}

async function namesFromFile(file: string, count: number, flag: string): Promise<string[]> {
  let names: unknown;
  try {
    names = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${flag} ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string'))
    throw new Error(`${flag} ${file} must hold a JSON array of class names (strings)`);
  if (names.length !== count)
    throw new Error(`${flag} ${file} names ${names.length} classes, but the model has ${count} outputs`);
  return names;
}
