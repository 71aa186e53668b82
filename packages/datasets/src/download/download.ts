import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { withFilePath } from '@bcos/backend';
import { writeFileAtomic } from '@bcos/backend/node';
import { extractArchive } from '../archive/extract';
import { readFileNamed } from '../read-file';
import { ChecksumError, expectedDigest, fileDigest } from './checksum';
import { fetchResumable } from './fetch-file';
import { createProgress, type ProgressMode } from './progress';
import { DATASET_SOURCES, type DatasetSource, type RemoteFile } from './sources';

export interface DownloadOptions {
  /** Replaces the table of official sources (mirrors, tests); keyed by dataset name. */
  sources?: Readonly<Record<string, DatasetSource>>;
  /** 'auto' (default): a bar on a terminal, periodic lines otherwise. */
  progress?: ProgressMode;
  /** Where progress goes (default stderr). */
  output?: { write(text: string): unknown; isTTY?: boolean };
  /** Further attempts after a dropped connection, a stall or a server error, each resuming (default 5). */
  retries?: number;
  /** Wait before attempt k is k × retryDelayMs (default 1000). */
  retryDelayMs?: number;
  /** An attempt that receives nothing for this long is abandoned and retried (default 60,000 ms). */
  idleTimeoutMs?: number;
  /** Stops the download; partial files are kept for a later call to resume. */
  signal?: AbortSignal;
}

export interface DownloadResult {
  dir: string;
  /** Verified files. */
  files: string[];
  /** Files extracted from archives by this call (none when an earlier call did it). */
  extracted: string[];
}

/** Files that must be fetched by hand, with where and why. */
export class ManualDownloadError extends Error {
  override readonly name = 'ManualDownloadError';

  constructor(
    readonly dataset: string,
    readonly missing: readonly string[],
    readonly page: string | undefined,
    reason: string | undefined,
    dir: string,
  ) {
    super(
      `${dataset}: ${reason ?? 'these files cannot be downloaded automatically'}. Download ${missing.join(', ')}` +
        `${page ? ` from ${page}` : ''} into ${dir}, then call download('${dataset}', '${dir}') again to verify and extract them.`,
    );
  }
}

async function moveAside(path: string): Promise<string> {
  const aside = `${path}.corrupt`;
  await withFilePath(aside, 'writing', () => rename(path, aside));
  return aside;
}

/** Whether `path` matches the published checksum; a mismatching file is moved aside. */
async function verifyExisting(path: string, file: RemoteFile): Promise<boolean> {
  if (!existsSync(path)) return false;
  const { algorithm, digest } = expectedDigest(file);
  if ((await fileDigest(path, algorithm)) === digest) return true;
  await moveAside(path);
  return false;
}

async function fetchVerified(
  path: string,
  file: RemoteFile & { url: string },
  options: DownloadOptions,
): Promise<void> {
  const part = `${path}.part`;
  const progress = createProgress(file.fileName, options.progress ?? 'auto', options.output);
  const { retries, retryDelayMs, idleTimeoutMs, signal } = options;
  await fetchResumable(file.url, part, { progress, retries, retryDelayMs, idleTimeoutMs, signal });
  const { algorithm, digest } = expectedDigest(file);
  const actual = await fileDigest(part, algorithm);
  if (actual !== digest) throw new ChecksumError(file.url, algorithm, digest, actual, await moveAside(part));
  await withFilePath(path, 'writing', () => rename(part, path));
}

/** An archive whose extraction is there without it: recorded by our marker, or done by hand. */
function extractedWithoutArchive(path: string, file: RemoteFile, root: string): boolean {
  if (!file.extract || existsSync(path)) return false;
  return (
    existsSync(`${path}.extracted`) ||
    (file.extractsTo !== undefined && existsSync(join(root, file.extractsTo)))
  );
}

/** Extracts a verified archive once: a marker naming its checksum records a completed extraction. */
async function extractOnce(path: string, file: RemoteFile, dir: string): Promise<string[]> {
  const marker = `${path}.extracted`;
  const { digest } = expectedDigest(file);
  if (existsSync(marker) && new TextDecoder().decode(await readFileNamed(marker)).trim() === digest)
    return [];
  const written = await extractArchive(path, dir);
  await writeFileAtomic(marker, `${digest}\n`);
  return written;
}

function checkOptions({ retries, retryDelayMs, idleTimeoutMs }: DownloadOptions): void {
  const limits = [
    ['retries', retries, 0, true],
    ['retryDelayMs', retryDelayMs, 0, false],
    ['idleTimeoutMs', idleTimeoutMs, 1, false],
  ] as const;
  for (const [name, value, min, integer] of limits) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value)))
      throw new Error(
        `download: ${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got ${value}`,
      );
  }
}

function sourceFor(dataset: string, options: DownloadOptions): DatasetSource {
  const table: Readonly<Record<string, DatasetSource>> = options.sources ?? DATASET_SOURCES;
  const source = table[dataset];
  if (!source)
    throw new Error(`download: unknown dataset '${dataset}'; known: ${Object.keys(table).join(', ')}`);
  return source;
}

/**
 * Fetches a dataset's files into `dir` from their official locations, verifies each against its
 * published checksum (a mismatching file is moved aside to `<name>.corrupt` and never used),
 * resumes partial files, and extracts archives. Files already there and verified are kept.
 * Files without a URL (CelebA) must be placed in `dir` by hand; they are then verified and extracted.
 */
export async function download(
  dataset: string,
  dir: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  checkOptions(options);
  const source = sourceFor(dataset, options);
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const result: DownloadResult = { dir: root, files: [], extracted: [] };
  const missing: string[] = [];
  for (const file of source.files) {
    const path = join(root, file.fileName);
    if (extractedWithoutArchive(path, file, root)) continue;
    if (!(await verifyExisting(path, file))) {
      if (file.url) await fetchVerified(path, { ...file, url: file.url }, options);
      else {
        if (!file.optional) missing.push(file.fileName);
        continue;
      }
    }
    result.files.push(path);
    if (file.extract) result.extracted.push(...(await extractOnce(path, file, root)));
  }
  if (missing.length > 0)
    throw new ManualDownloadError(dataset, missing, source.manualPage, source.manualReason, root);
  return result;
}
