import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { crc32 } from 'node:zlib';
import { withFilePath } from '@bcos/backend';
import { Unzip, UnzipInflate } from 'fflate';
import { DatasetFormatError } from '../errors';
import { readChunks } from '../read-file';
import { gunzipFile } from './gzip';
import { readTar } from './tar-reader';
import { readZipDirectory, type ZipEntryRecord } from './zip-directory';

/** The path of an archive entry inside `dir`; entries that would land outside it are refused. */
function safeTarget(dir: string, entry: string, archive: string): string {
  const relative = normalize(entry.replace(/\\/g, '/'));
  if (isAbsolute(relative) || relative === '..' || relative.startsWith(`..${sep}`)) {
    throw new DatasetFormatError(
      archive,
      `entry ${entry}`,
      'refusing a path outside the extraction directory',
    );
  }
  return join(dir, relative);
}

/**
 * Entries are written with plain writes, not one atomic rename each (CelebA has 202,599): the
 * caller records a completed extraction separately and re-extracts after an interrupted one.
 */
async function writeEntry(dir: string, entry: string, data: Uint8Array, archive: string): Promise<string> {
  const target = safeTarget(dir, entry, archive);
  await withFilePath(target, 'writing', async () => {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  });
  return target;
}

async function extractTar(
  chunks: AsyncIterable<Uint8Array>,
  archive: string,
  dir: string,
): Promise<string[]> {
  const written: string[] = [];
  for await (const entry of readTar(chunks, archive)) {
    if (entry.type === 'directory') {
      const target = safeTarget(dir, entry.path, archive);
      await withFilePath(target, 'writing', () => mkdir(target, { recursive: true }));
    }
    if (entry.type === 'file' && entry.data)
      written.push(await writeEntry(dir, entry.path, entry.data, archive));
  }
  return written;
}

interface ZipEntry {
  name: string;
  chunks: Uint8Array[];
  complete: boolean;
}

/** Checks an extracted entry against the CRC-32 and size its central directory promises. */
function checkZipEntry(
  entry: ZipEntry,
  data: Uint8Array,
  directory: Map<string, ZipEntryRecord>,
  archive: string,
): void {
  const record = directory.get(entry.name);
  if (!record)
    throw new DatasetFormatError(
      archive,
      `entry ${entry.name}`,
      'missing from the central directory: corrupted',
    );
  if (data.length !== record.size || crc32(data) !== record.crc32) {
    throw new DatasetFormatError(
      archive,
      `entry ${entry.name}`,
      'size or CRC-32 differs from the central directory: corrupted',
    );
  }
}

/**
 * Streams a zip through fflate's Unzip (which checks no CRC), verifying each entry against the
 * central directory before it is written, and that every entry of the directory came out.
 */
async function extractZip(archive: string, dir: string): Promise<string[]> {
  const directory = await readZipDirectory(archive);
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  const entries: ZipEntry[] = [];
  let failure: Error | undefined;
  unzip.onfile = (file) => {
    if (file.name.endsWith('/')) return;
    const entry: ZipEntry = { name: file.name, chunks: [], complete: false };
    entries.push(entry);
    file.ondata = (error, data, final) => {
      if (error) failure ??= error;
      else entry.chunks.push(data);
      if (final) entry.complete = true;
    };
    try {
      file.start();
    } catch (error) {
      failure ??= error as Error;
    }
  };
  const written: string[] = [];
  const flush = async () => {
    if (failure) {
      const location = entries[0] ? `entry ${entries[0].name}` : undefined;
      throw new DatasetFormatError(archive, location, `corrupt or truncated zip data (${failure.message})`);
    }
    while (entries[0]?.complete) {
      const entry = entries.shift()!;
      const data = Buffer.concat(entry.chunks);
      checkZipEntry(entry, data, directory, archive);
      written.push(await writeEntry(dir, entry.name, data, archive));
    }
  };
  const push = (chunk: Uint8Array, final: boolean) => {
    try {
      unzip.push(chunk, final);
    } catch (error) {
      failure ??= error as Error;
    }
  };
  for await (const chunk of readChunks(archive)) {
    push(chunk, false);
    await flush();
  }
  push(new Uint8Array(0), true);
  await flush();
  if (entries.length > 0)
    throw new DatasetFormatError(
      archive,
      `entry ${entries[0]!.name}`,
      'truncated: the archive ends inside it',
    );
  if (written.length !== directory.size) {
    throw new DatasetFormatError(
      archive,
      undefined,
      `${directory.size} files in the central directory, ${written.length} extracted: corrupted`,
    );
  }
  return written;
}

/** Extracts a .tar.gz / .tgz / .tar / .zip into `dir`; returns the files written. */
export async function extractArchive(archive: string, dir: string): Promise<string[]> {
  const lower = archive.toLowerCase();
  if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz'))
    return extractTar(gunzipFile(archive), archive, dir);
  if (lower.endsWith('.tar')) return extractTar(readChunks(archive), archive, dir);
  if (lower.endsWith('.zip')) return extractZip(archive, dir);
  throw new Error(`extractArchive: ${archive}: unknown archive type (expected .tar.gz, .tgz, .tar or .zip)`);
}
