import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { BackendName } from '@bcos/backend';
import { parseRunConfig, type RunConfig } from './config-schema';

/** What `bcos-train`'s flags override; their paths are relative to the current directory. */
export interface RunConfigOverrides {
  backend?: BackendName | 'auto';
  epochs?: number;
  out?: string;
  dataDir?: string;
}

async function readJsonObject(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    throw new Error(`--config ${path}: ${code === 'ENOENT' ? 'file not found' : message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`--config ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`--config ${path} must hold a JSON object (a run config), not ${JSON.stringify(json)}`);
  return json as Record<string, unknown>;
}

/** Every path a run config holds, made absolute against `folder` (absolute ones stay as they are). */
export function resolveRunConfigPaths(config: RunConfig, folder: string): RunConfig {
  const data = { ...config.data, dir: resolve(folder, config.data.dir) };
  if (data.format === 'celeba' && data.cache !== undefined) data.cache = resolve(folder, data.cache);
  return { ...config, out: resolve(folder, config.out), data };
}

/**
 * A run config file, validated, with the flags' overrides. Its paths (`out`, `data.dir`,
 * `data.cache`) are relative to the file's folder, those of the flags to the current directory.
 */
export async function readRunConfig(path: string, overrides: RunConfigOverrides = {}): Promise<RunConfig> {
  const json = await readJsonObject(path);
  const { dataDir, out, ...rest } = overrides;
  const merged = {
    ...json,
    ...(dataDir === undefined ? {} : { data: { ...(json.data as object), dir: resolve(dataDir) } }),
    ...(out === undefined ? {} : { out: resolve(out) }),
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
  };
  return resolveRunConfigPaths(parseRunConfig(merged, path), dirname(resolve(path)));
}
