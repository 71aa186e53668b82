import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@bcos/backend/node';
import * as tf from '@tensorflow/tfjs-core';
import type { SlottedOptimizer } from '../optim/slotted-optimizer';

const SPECS = 'optimizer.json';

interface SavedSpecs {
  className: string;
  specs: tf.io.WeightsManifestEntry[];
}
const DATA = 'optimizer.bin';

/**
 * Maps between the optimiser's keys (tfjs variable names, unique per process: `conv1/kernel_3`) and
 * names that are the same in every process (the weights' original names: `conv1/kernel`).
 */
export interface VariableNames {
  toStable: Map<string, string>;
  fromStable: Map<string, string>;
}

function rename(name: string, table: Map<string, string>, direction: string): string {
  if (name === 'iter') return name;
  const cut = name.lastIndexOf('/');
  const renamed = table.get(name.slice(0, cut));
  if (renamed === undefined)
    throw new Error(`optimizer state: no ${direction} name for variable '${name.slice(0, cut)}'`);
  return `${renamed}${name.slice(cut)}`;
}

export async function saveOptimizerState(
  optimizer: SlottedOptimizer,
  names: VariableNames,
  directory: string,
): Promise<void> {
  const weights = (await optimizer.getWeights()).map(({ name, tensor }) => ({
    name: rename(name, names.toStable, 'stable'),
    tensor,
  }));
  const { data, specs } = await tf.io.encodeWeights(weights);
  tf.dispose(weights[0]!.tensor); // the iteration count is a fresh scalar
  const buffer = data instanceof ArrayBuffer ? data : tf.io.CompositeArrayBuffer.join(data);
  await writeFileAtomic(join(directory, DATA), new Uint8Array(buffer));
  await writeFileAtomic(
    join(directory, SPECS),
    JSON.stringify({ className: optimizer.getClassName(), config: optimizer.getConfig(), specs }),
  );
}

async function readSpecs(path: string): Promise<SavedSpecs> {
  let saved: Partial<SavedSpecs>;
  try {
    saved = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot read the optimizer state (${(error as Error).message})`);
  }
  const valid =
    typeof saved === 'object' &&
    saved !== null &&
    typeof saved.className === 'string' &&
    Array.isArray(saved.specs) &&
    saved.specs.every((s) => (s?.dtype === 'float32' || s?.dtype === 'int32') && Array.isArray(s.shape));
  if (!valid) throw new Error(`${path}: not an optimizer state (className and 4-byte weight specs expected)`);
  return saved as SavedSpecs;
}

export async function loadOptimizerState(
  optimizer: SlottedOptimizer,
  names: VariableNames,
  directory: string,
): Promise<void> {
  const specsPath = join(directory, SPECS);
  const saved = await readSpecs(specsPath);
  if (saved.className !== optimizer.getClassName())
    throw new Error(
      `${specsPath}: saved by optimizer ${saved.className}, but this run uses ${optimizer.getClassName()}`,
    );
  const dataPath = join(directory, DATA);
  const data = await readFile(dataPath);
  const expected = saved.specs.reduce((sum, spec) => sum + 4 * spec.shape.reduce((a, b) => a * b, 1), 0);
  if (data.byteLength !== expected)
    throw new Error(
      `${dataPath} holds ${data.byteLength} bytes, but ${specsPath} describes ${expected}: the checkpoint is damaged`,
    );
  const decoded = tf.io.decodeWeights(
    data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
    saved.specs,
  );
  const weights = saved.specs.map(({ name }) => ({
    name: rename(name, names.fromStable, 'current'),
    tensor: decoded[name]!,
  }));
  await optimizer.setWeights(weights);
  tf.dispose(Object.values(decoded));
}
