import { readFile } from 'node:fs/promises';
import imagenetClasses from './imagenet-classes.json';

/**
 * Names of a model's classes: those of `path` (a JSON array of strings) when given, ImageNet's for a
 * 1000-class model, and `class <i>` otherwise.
 */
export async function classNames(classes: number, path?: string): Promise<string[]> {
  if (path !== undefined) return namesFromFile(path, classes);
  if (classes === imagenetClasses.length) return imagenetClasses;
  return Array.from({ length: classes }, (_, i) => `class ${i}`);
}

async function namesFromFile(path: string, classes: number): Promise<string[]> {
  let names: unknown;
  try {
    names = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`class names ${path}: ${(error as Error).message}`);
  }
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
    throw new Error(`class names ${path}: expected a JSON array of strings`);
  }
  if (names.length !== classes) {
    throw new Error(`class names ${path}: lists ${names.length} names, the model has ${classes} classes`);
  }
  return names;
}
