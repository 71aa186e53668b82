import { readFile } from 'node:fs/promises';
import { parseSafetensors, type Safetensors } from './safetensors';

/** Reads a `.safetensors` file: an 8-byte little-endian header length, a JSON header, raw tensors. */
export async function readSafetensors(path: string): Promise<Safetensors> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(`cannot read safetensors file ${path}: ${(error as Error).message}`);
  }
  return parseSafetensors(bytes, path);
}
