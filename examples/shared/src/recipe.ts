import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { runConfigSchema } from '@bcos/train';
import { z } from 'zod';
import { mergePatch } from './merge-patch';

const count = z.number().int().positive();

const dataSchema = z.strictObject({
  /** Share of the training split held out for validation (default 0: train on all of it). */
  valFraction: z.number().min(0).lt(1).default(0),
  /** Only the first N images of a split (quick runs); the full split when absent. */
  trainLimit: count.optional(),
  valLimit: count.optional(),
  testLimit: count.optional(),
  /** Side of the square images (CelebA: centre crop 178, then resized to this). */
  imageSize: z.number().int().min(32).optional(),
  /** The generated dataset that `--synthetic` trains on: split sizes, and for faces the drawn image size. */
  generated: z
    .strictObject({
      train: count,
      val: count.optional(),
      test: count,
      width: z.number().int().min(32).optional(),
      height: z.number().int().min(32).optional(),
    })
    .optional(),
});

/**
 * A recipe is a `bcos-train` run config (same keys, checked by @bcos/train's own schema) whose
 * `data`, `out` and `backend` are the example's: the dataset comes from the example's flags.
 */
export const recipeSchema = runConfigSchema.omit({ data: true, out: true, backend: true }).extend({
  data: dataSchema.default({ valFraction: 0 }),
});

export type Recipe = z.infer<typeof recipeSchema>;

/** The section of a recipe file that `--synthetic` merges over the rest (a JSON merge patch). */
export const SYNTHETIC_SECTION = 'synthetic';
/** A recipe file may name another (relative to itself) that it patches: `"extends": "../x/config.json"`. */
export const EXTENDS_KEY = 'extends';
const MAX_EXTENDS = 8;

export interface LoadRecipeOptions {
  /** Merge the file's `synthetic` section over the recipe. */
  synthetic?: boolean;
  /** A merge patch from command-line flags, applied last. */
  overrides?: Record<string, unknown>;
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(`recipe ${path}: ${code === 'ENOENT' ? 'file not found' : (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`recipe ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`recipe ${path}: expected a JSON object`);
  return json as Record<string, unknown>;
}

/** The file with the recipes it extends merged under it, base first. */
async function readRecipeFile(path: string, chain: readonly string[] = []): Promise<Record<string, unknown>> {
  if (chain.includes(path) || chain.length >= MAX_EXTENDS)
    throw new Error(
      `recipe ${path}: '${EXTENDS_KEY}' loops or nests too deep: ${[...chain, path].join(' → ')}`,
    );
  const { [EXTENDS_KEY]: base, ...json } = await readJson(path);
  if (base === undefined) return json;
  if (typeof base !== 'string') throw new Error(`recipe ${path}: '${EXTENDS_KEY}' must be a file path`);
  const parent = await readRecipeFile(resolve(dirname(path), base), [...chain, path]);
  return mergePatch(parent, json) as Record<string, unknown>;
}

/** Validates a recipe object; the error lists every problem with its key path. */
export function parseRecipe(json: unknown, source: string): Recipe {
  const result = recipeSchema.safeParse(json);
  if (!result.success) throw new Error(`${source} is not a valid recipe:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/**
 * Reads a recipe file (with the recipes it `extends` under it), applies its `synthetic` section when
 * asked and then the overrides, and validates the result.
 */
export async function loadRecipe(path: string, options: LoadRecipeOptions = {}): Promise<Recipe> {
  const { [SYNTHETIC_SECTION]: synthetic, ...recipe } = await readRecipeFile(resolve(path));
  let merged: unknown = recipe;
  if (options.synthetic) {
    if (typeof synthetic !== 'object' || synthetic === null)
      throw new Error(`recipe ${path} has no '${SYNTHETIC_SECTION}' section for --synthetic`);
    merged = mergePatch(merged, synthetic);
  }
  if (options.overrides) merged = mergePatch(merged, options.overrides);
  return parseRecipe(merged, `recipe ${path}${options.synthetic ? ' (synthetic)' : ''}`);
}
