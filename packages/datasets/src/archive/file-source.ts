import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetFormatError } from '../errors';
import { readFileNamed } from '../read-file';
import { gunzipFile } from './gzip';
import { readTar } from './tar-reader';

/** Where a reader finds the files of a dataset: a directory or a distributed .tar.gz. */
export interface FileSource {
  /** Reads the named files (all of them, in one pass over an archive); `optional` ones may be missing. */
  readFiles(names: readonly string[], optional?: readonly string[]): Promise<Map<string, Uint8Array>>;
  /** How a file of this source is named in messages. */
  describe(name: string): string;
}

function directorySource(dir: string): FileSource {
  return {
    describe: (name) => join(dir, name),
    async readFiles(names, optional = []) {
      const files = new Map<string, Uint8Array>();
      for (const name of [...names, ...optional]) {
        const path = join(dir, name);
        if (!existsSync(path)) {
          if (optional.includes(name)) continue;
          throw new Error(`${path}: file not found`);
        }
        files.set(name, await readFileNamed(path));
      }
      return files;
    },
  };
}

function tarGzSource(archive: string, folder: string): FileSource {
  return {
    describe: (name) => `${archive}:${folder}/${name}`,
    async readFiles(names, optional = []) {
      const paths = new Map([...names, ...optional].map((name) => [`${folder}/${name}`, name]));
      const files = new Map<string, Uint8Array>();
      const entries = readTar(gunzipFile(archive), archive, (path) => paths.has(path.replace(/^\.\//, '')));
      for await (const entry of entries) {
        if (entry.data) files.set(paths.get(entry.path.replace(/^\.\//, ''))!, entry.data);
      }
      const missing = names.filter((name) => !files.has(name));
      if (missing.length > 0) {
        throw new DatasetFormatError(
          archive,
          undefined,
          `the archive has no ${missing.map((n) => `${folder}/${n}`).join(', ')}`,
        );
      }
      return files;
    },
  };
}

/**
 * A dataset location as users have it: the .tar.gz as distributed, the directory it extracts to
 * (`<dir>/<folder>`), or the folder itself.
 */
export function openFileSource(path: string, folder: string): FileSource {
  if (!existsSync(path)) throw new Error(`${path}: no such file or directory`);
  if (statSync(path).isFile()) return tarGzSource(path, folder);
  const nested = join(path, folder);
  return directorySource(existsSync(nested) ? nested : path);
}
