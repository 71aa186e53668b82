import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTar } from '../archive/test-tar';
import { createRandom } from '../random';
import { temporaryDirectory } from '../test-helpers';
import { ChecksumError } from './checksum';
import { download, ManualDownloadError } from './download';
import type { DatasetSource } from './sources';

const noise = createRandom(1);
const archive = makeTar(
  { 'toy/a.txt': 'alpha', 'toy/b.bin': Uint8Array.from({ length: 40_000 }, () => noise() * 256) },
  { gzip: true },
);
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

interface Route {
  bytes: Uint8Array;
  /** Send only this many bytes of a full (non-range) response, then drop the connection. */
  dropAt?: number;
  status?: number;
}

/** A local HTTP server of generated archives that honours Range requests and logs every request. */
function startServer(routes: Record<string, Route>) {
  const log: string[] = [];
  const server = createServer((request, response) => {
    const route = routes[request.url ?? ''];
    const range = request.headers.range;
    log.push(`${request.url} ${range ?? 'full'}`);
    if (!route || route.status) {
      response.writeHead(route?.status ?? 404).end();
      return;
    }
    const start = range ? Number(/^bytes=(\d+)-$/.exec(range)?.[1]) : 0;
    const body = route.bytes.subarray(start);
    const headers: Record<string, string | number> = {
      'content-length': body.length,
      'accept-ranges': 'bytes',
    };
    if (range) headers['content-range'] = `bytes ${start}-${route.bytes.length - 1}/${route.bytes.length}`;
    response.writeHead(range ? 206 : 200, headers);
    if (!range && route.dropAt !== undefined) {
      response.write(body.subarray(0, route.dropAt), () => response.socket?.destroy());
      return;
    }
    response.end(body);
  });
  return new Promise<{ server: Server; url: string; log: string[] }>((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, log, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    );
  });
}

describe('download', () => {
  let dir: string;
  let url: string;
  let server: Server;
  let log: string[];
  const corrupted = archive.slice();
  corrupted[100]! ^= 0xff;

  const toy = (fileName: string, route: string): Record<string, DatasetSource> => ({
    toy: { title: 'toy', files: [{ fileName, url: `${url}${route}`, md5: md5(archive), extract: true }] },
  });
  const quiet = { progress: 'none' as const, retryDelayMs: 1 };

  beforeAll(async () => {
    dir = await temporaryDirectory();
    ({ server, url, log } = await startServer({
      '/good.tar.gz': { bytes: archive },
      '/corrupt.tar.gz': { bytes: corrupted },
      '/drop.tar.gz': { bytes: archive, dropAt: 10_000 },
      '/gone.tar.gz': { bytes: archive, status: 404 },
    }));
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('downloads, verifies and extracts; a second call verifies and fetches nothing', async () => {
    const target = join(dir, 'good');
    const first = await download('toy', target, { ...quiet, sources: toy('toy.tar.gz', '/good.tar.gz') });
    expect(first.files).toEqual([join(target, 'toy.tar.gz')]);
    expect(first.extracted.sort()).toEqual([join(target, 'toy', 'a.txt'), join(target, 'toy', 'b.bin')]);
    expect(await readFile(join(target, 'toy', 'a.txt'), 'utf8')).toBe('alpha');
    const requests = log.length;
    const second = await download('toy', target, { ...quiet, sources: toy('toy.tar.gz', '/good.tar.gz') });
    expect(second.extracted).toEqual([]);
    expect(log.length).toBe(requests);
  });

  it('keeps a file with the wrong checksum aside and does not use it', async () => {
    const target = join(dir, 'corrupt');
    const attempt = download('toy', target, { ...quiet, sources: toy('toy.tar.gz', '/corrupt.tar.gz') });
    await expect(attempt).rejects.toThrow(ChecksumError);
    await expect(attempt).rejects.toThrow(
      `${url}/corrupt.tar.gz: md5 checksum mismatch: expected ${md5(archive)}, got ${md5(corrupted)}; the file is kept aside at ${join(target, 'toy.tar.gz.part.corrupt')} and not used`,
    );
    expect(existsSync(join(target, 'toy.tar.gz'))).toBe(false);
    expect(existsSync(join(target, 'toy'))).toBe(false);
  });

  it('resumes a connection dropped midway with a Range request, reporting progress in lines', async () => {
    const target = join(dir, 'drop');
    const lines: string[] = [];
    const output = { write: (text: string) => lines.push(text), isTTY: false };
    await download('toy', target, {
      ...quiet,
      progress: 'auto',
      output,
      sources: toy('toy.tar.gz', '/drop.tar.gz'),
    });
    // Bytes still queued in fetch's body stream when the connection drops are discarded with it,
    // so how much of the first 10,000 the client keeps, and whether it must start over before it
    // can resume, depends on timing; it must end with a Range request that resumes its partial file.
    const requests = log.filter((line) => line.startsWith('/drop.tar.gz'));
    expect(requests.slice(0, -1).every((line) => line === '/drop.tar.gz full')).toBe(true);
    const resumedAt = Number(/^\/drop\.tar\.gz bytes=(\d+)-$/.exec(requests.at(-1)!)?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(10_000);
    expect(await readFile(join(target, 'toy.tar.gz'))).toEqual(Buffer.from(archive));
    expect(lines.at(-1)).toMatch(/^toy\.tar\.gz: 100% /);
    expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
  });

  it('continues a partial file left by an earlier run', async () => {
    const target = join(dir, 'partial');
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'toy.tar.gz.part'), archive.subarray(0, 1234));
    await download('toy', target, { ...quiet, sources: toy('toy.tar.gz', '/good.tar.gz') });
    expect(log.at(-1)).toBe('/good.tar.gz bytes=1234-');
    expect(await readFile(join(target, 'toy', 'a.txt'), 'utf8')).toBe('alpha');
  });

  it('replaces a damaged file already in the directory', async () => {
    const target = join(dir, 'replace');
    await download('toy', target, { ...quiet, sources: toy('toy.tar.gz', '/good.tar.gz') });
    await writeFile(join(target, 'toy.tar.gz'), 'damaged');
    await writeFile(join(target, 'toy.tar.gz.extracted'), 'stale');
    await download('toy', target, { ...quiet, sources: toy('toy.tar.gz', '/good.tar.gz') });
    expect(await readFile(join(target, 'toy.tar.gz.corrupt'), 'utf8')).toBe('damaged');
    expect(await readFile(join(target, 'toy.tar.gz'))).toEqual(Buffer.from(archive));
  });

  it('fails at once on an HTTP error that retrying cannot fix', async () => {
    const before = log.length;
    await expect(
      download('toy', join(dir, 'gone'), { ...quiet, sources: toy('toy.tar.gz', '/gone.tar.gz') }),
    ).rejects.toThrow(
      `${url}/gone.tar.gz: download failed after 1 attempt (${url}/gone.tar.gz: HTTP 404 Not Found)`,
    );
    expect(log.length - before).toBe(1);
  });

  it('asks for files without a URL, then verifies and extracts them once placed', async () => {
    const target = join(dir, 'manual');
    const zip = zipSync({
      'faces/000001.jpg': new Uint8Array([1, 2, 3]),
      'faces/000002.jpg': new Uint8Array([4]),
    });
    const labels = new TextEncoder().encode('labels\n');
    const sources: Record<string, DatasetSource> = {
      faces: {
        title: 'faces',
        manualPage: 'https://example.org/faces',
        manualReason: 'the host needs a person',
        files: [
          { fileName: 'faces.zip', md5: md5(zip), extract: true, extractsTo: 'faces' },
          { fileName: 'labels.txt', md5: md5(labels) },
          { fileName: 'boxes.txt', md5: md5(labels), optional: true },
        ],
      },
    };
    const attempt = download('faces', target, { ...quiet, sources });
    await expect(attempt).rejects.toThrow(ManualDownloadError);
    await expect(attempt).rejects.toThrow(
      `faces: the host needs a person. Download faces.zip, labels.txt from https://example.org/faces into ${target}, then call download('faces', '${target}') again to verify and extract them.`,
    );
    await writeFile(join(target, 'faces.zip'), zip);
    await writeFile(join(target, 'labels.txt'), labels);
    const placed = await download('faces', target, { ...quiet, sources });
    expect(placed.extracted.sort()).toEqual([
      join(target, 'faces', '000001.jpg'),
      join(target, 'faces', '000002.jpg'),
    ]);
    expect(await readFile(join(target, 'faces', '000002.jpg'))).toEqual(Buffer.from([4]));
  });

  it('names unknown datasets', async () => {
    await expect(download('imagenet', dir)).rejects.toThrow(
      "download: unknown dataset 'imagenet'; known: cifar-10, cifar-100, fashion-mnist, celeba",
    );
  });
});
