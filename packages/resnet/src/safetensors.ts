import { DECODABLE_DTYPES, decoderFor, SAFETENSORS_DTYPE_BYTES } from './safetensors-dtypes';

export interface SafetensorsEntry {
  name: string;
  /** The file's dtype name, e.g. F32, BF16, I64. */
  dtype: string;
  shape: number[];
  /** Offset of the tensor's first byte in the whole file. */
  byteOffset: number;
  byteLength: number;
}

export interface Safetensors {
  /** Where the bytes came from, for error messages. */
  source: string;
  metadata: Record<string, string>;
  entries: Map<string, SafetensorsEntry>;
  /** The tensor's elements as float32; throws naming the tensor for dtypes that do not convert. */
  read(name: string): Float32Array;
}

/** The format caps the JSON header at 100 MB. */
const MAX_HEADER_BYTES = 100_000_000;
const HEADER_LENGTH_BYTES = 8;

export function parseSafetensors(bytes: Uint8Array, source = 'safetensors data'): Safetensors {
  const fail = (why: string): never => {
    throw new Error(`${source} is not a valid safetensors file: ${why}`);
  };
  if (bytes.byteLength < HEADER_LENGTH_BYTES)
    fail(`it has ${bytes.byteLength} bytes, fewer than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  const available = bytes.byteLength - HEADER_LENGTH_BYTES;
  if (headerLength > BigInt(Math.min(available, MAX_HEADER_BYTES))) {
    fail(
      `the header length ${headerLength} exceeds the ${available} bytes that follow it (or the 100 MB limit)`,
    );
  }
  const dataStart = HEADER_LENGTH_BYTES + Number(headerLength);
  const header = parseHeader(bytes.subarray(HEADER_LENGTH_BYTES, dataStart), fail);
  const { metadata, entries } = headerEntries(header, dataStart, bytes.byteLength, fail);
  return { source, metadata, entries, read: (name) => decodeEntry(view, entries, name, source) };
}

function parseHeader(text: Uint8Array, fail: (why: string) => never): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(text));
  } catch (error) {
    fail(`the header is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    fail('the header is not a JSON object');
  return header as Record<string, unknown>;
}

function headerEntries(
  header: Record<string, unknown>,
  dataStart: number,
  fileLength: number,
  fail: (why: string) => never,
): { metadata: Record<string, string>; entries: Map<string, SafetensorsEntry> } {
  const { __metadata__: rawMetadata, ...tensors } = header;
  const metadata = checkMetadata(rawMetadata, fail);
  const entries = new Map<string, SafetensorsEntry>();
  for (const [name, described] of Object.entries(tensors)) {
    entries.set(name, checkEntry(name, described, dataStart, fail));
  }
  checkContiguous([...entries.values()], dataStart, fileLength, fail);
  return { metadata, entries };
}

function checkMetadata(metadata: unknown, fail: (why: string) => never): Record<string, string> {
  if (metadata === undefined) return {};
  const valid =
    typeof metadata === 'object' &&
    metadata !== null &&
    Object.values(metadata).every((value) => typeof value === 'string');
  if (!valid) fail('__metadata__ must map strings to strings');
  return metadata as Record<string, string>;
}

function checkEntry(
  name: string,
  described: unknown,
  dataStart: number,
  fail: (why: string) => never,
): SafetensorsEntry {
  const { dtype, shape, data_offsets: offsets } = (described ?? {}) as Record<string, unknown>;
  const elementBytes = typeof dtype === 'string' ? SAFETENSORS_DTYPE_BYTES[dtype] : undefined;
  if (elementBytes === undefined) fail(`tensor '${name}' has an unknown dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || !shape.every(isCount))
    fail(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
  const [begin, end] = (Array.isArray(offsets) && offsets.length === 2 ? offsets : []) as unknown[];
  if (!isCount(begin) || !isCount(end) || begin > end) {
    fail(`tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
  }
  const elements = (shape as number[]).reduce((product, d) => product * d, 1);
  if (end - begin !== elements * elementBytes!) {
    fail(
      `tensor '${name}' (${dtype} ${JSON.stringify(shape)}) needs ${elements * elementBytes!} bytes, its data_offsets span ${end - begin}`,
    );
  }
  return {
    name,
    dtype: dtype as string,
    shape: shape as number[],
    byteOffset: dataStart + begin,
    byteLength: end - begin,
  };
}

/** The format requires the tensors to tile the data section exactly: no overlaps, holes or trailing bytes. */
function checkContiguous(
  entries: SafetensorsEntry[],
  dataStart: number,
  fileLength: number,
  fail: (why: string) => never,
): void {
  let expected = dataStart;
  for (const entry of [...entries].sort((a, b) => a.byteOffset - b.byteOffset)) {
    if (entry.byteOffset !== expected) {
      fail(
        `tensor '${entry.name}' starts at data offset ${entry.byteOffset - dataStart}, expected ${expected - dataStart} (overlap or hole)`,
      );
    }
    expected += entry.byteLength;
  }
  if (expected !== fileLength) {
    fail(
      `the tensors cover ${expected - dataStart} data bytes, but the file holds ${fileLength - dataStart}`,
    );
  }
}

function decodeEntry(
  view: DataView,
  entries: Map<string, SafetensorsEntry>,
  name: string,
  source: string,
): Float32Array {
  const entry = entries.get(name);
  if (!entry) throw new Error(`${source}: no tensor named '${name}'`);
  const decode = decoderFor(entry.dtype);
  if (!decode) {
    throw new Error(
      `${source}: tensor '${name}' has dtype ${entry.dtype}, which does not convert to float32 weights (supported: ${DECODABLE_DTYPES.join(', ')})`,
    );
  }
  const elementBytes = SAFETENSORS_DTYPE_BYTES[entry.dtype]!;
  const values = new Float32Array(entry.byteLength / elementBytes);
  for (let i = 0; i < values.length; i++) values[i] = decode(view, entry.byteOffset + i * elementBytes);
  return values;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
