import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describeWithSystemPart } from '@bcos/backend/testing';
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
  /** Send only this many bytes of the first `stalls` responses (default all), then nothing. */
  stallAt?: number;
  stalls?: number;
  /** Answer Range requests with a 206 that has this Content-Range header (none when null). */
  badRange?: string | null;
  redirect?: string;
  status?: number;
}

/** How long a stalled response holds its connection before the server drops it (a bound). */
const STALL_LIMIT_MS = 5_000;

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
    if (route.redirect) {
      response.writeHead(302, { location: route.redirect }).end();
      return;
    }
    if (range && route.badRange !== undefined) {
      const headers: Record<string, string> =
        route.badRange === null ? {} : { 'content-range': route.badRange };
      response.writeHead(206, headers).end(route.bytes.subarray(0, 100));
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
    if (route.stallAt !== undefined && (route.stalls ?? Number.POSITIVE_INFINITY) > 0) {
      route.stalls = (route.stalls ?? Number.POSITIVE_INFINITY) - 1;
      response.write(body.subarray(0, route.stallAt));
      let dropped = false;
      setTimeout(() => {
        dropped = true;
        response.socket?.destroy();
      }, STALL_LIMIT_MS).unref();
      response.on('close', () =>
        log.push(`${request.url} ${dropped ? 'dropped by the server' : 'closed by the client'}`),
      );
      return;
    }
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
      '/busy.tar.gz': { bytes: archive, status: 503 },
      '/stall-once.tar.gz': { bytes: archive, stallAt: 10_240, stalls: 1 },
      '/stall.tar.gz': { bytes: archive, stallAt: 10_240 },
      '/loop.tar.gz': { bytes: archive, redirect: '/loop.tar.gz' },
      '/no-range.tar.gz': { bytes: archive, badRange: null },
      '/bad-range.tar.gz': { bytes: archive, badRange: 'bytes 5-104/9999' },
    }));
  });
  afterAll(
    () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  );

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

  it('names a directory in place of the extraction marker', async () => {
    const target = join(dir, 'marker');
    await download('toy', target, { ...quiet, sources: toy('toy.tar.gz', '/good.tar.gz') });
    const marker = join(target, 'toy.tar.gz.extracted');
    await rm(marker);
    await mkdir(marker);
    await expect(
      download('toy', target, { ...quiet, sources: toy('toy.tar.gz', '/good.tar.gz') }),
    ).rejects.toThrow(`${marker}: is a directory, expected a file (EISDIR, reading)`);
  });

  it('fails at once on an HTTP error that retrying cannot fix', async () => {
    const before = log.length;
    await expect(
      download('toy', join(dir, 'gone'), { ...quiet, sources: toy('toy.tar.gz', '/gone.tar.gz') }),
    ).rejects.toThrow(
      new RegExp(
        `^${url}/gone\\.tar\\.gz: download failed after 1 attempt \\(${url}/gone\\.tar\\.gz: HTTP 404 Not Found\\)$`,
      ),
    );
    expect(log.length - before).toBe(1);
  });

  it('abandons a stalled attempt after the inactivity timeout and resumes it', async () => {
    // As reported: headers and 10 KiB, then nothing, kept download() waiting for minutes.
    const target = join(dir, 'stall-once');
    const options = { ...quiet, idleTimeoutMs: 200, sources: toy('toy.tar.gz', '/stall-once.tar.gz') };
    await download('toy', target, options);
    expect(await readFile(join(target, 'toy.tar.gz'))).toEqual(Buffer.from(archive));
    const lines = log.filter((line) => line.startsWith('/stall-once.tar.gz'));
    expect(lines).toContain('/stall-once.tar.gz closed by the client');
    const requests = lines.filter((line) => / (full|bytes=\d+-)$/.test(line));
    expect(requests[0]).toBe('/stall-once.tar.gz full');
    expect(requests.at(-1)).toMatch(/^\/stall-once\.tar\.gz bytes=\d+-$/);
  });

  it('gives up on a server that stalls every attempt, keeping what came', async () => {
    const target = join(dir, 'stall');
    const part = join(target, 'toy.tar.gz.part');
    const options = { ...quiet, retries: 1, idleTimeoutMs: 150, sources: toy('toy.tar.gz', '/stall.tar.gz') };
    await expect(download('toy', target, options)).rejects.toThrow(
      new RegExp(
        `^${url}/stall\\.tar\\.gz: download failed after 2 attempts \\(no data for 150 ms: the server stalled\\); \\d+ bytes kept in ${part}`,
      ),
    );
  });

  it('stops when the caller aborts, keeping the partial file', async () => {
    const target = join(dir, 'abort');
    const part = join(target, 'toy.tar.gz.part');
    const controller = new AbortController();
    // Abort once the 10 KiB the server sends before stalling are on disk.
    const watch = setInterval(() => {
      if (existsSync(part) && statSync(part).size === 10_240)
        controller.abort(new Error('the user pressed Ctrl-C'));
    }, 10);
    const options = {
      ...quiet,
      retries: 100,
      signal: controller.signal,
      sources: toy('toy.tar.gz', '/stall.tar.gz'),
    };
    try {
      await expect(download('toy', target, options)).rejects.toThrow(
        `${url}/stall.tar.gz: download aborted after 1 attempt (the user pressed Ctrl-C); 10240 bytes kept in ${part}`,
      );
    } finally {
      clearInterval(watch);
    }
  });

  it('stops waiting between attempts when the caller aborts', async () => {
    const controller = new AbortController();
    const requests = () => log.filter((line) => line.startsWith('/busy.tar.gz')).length;
    const watch = setInterval(() => {
      if (requests() > 0) controller.abort(new Error('stop'));
    }, 10);
    const options = {
      progress: 'none' as const,
      retryDelayMs: 60_000,
      signal: controller.signal,
      sources: toy('toy.tar.gz', '/busy.tar.gz'),
    };
    try {
      await expect(download('toy', join(dir, 'abort-wait'), options)).rejects.toThrow(
        new RegExp(`^${url}/busy\\.tar\\.gz: download aborted after 1 attempt \\(stop\\)$`),
      );
    } finally {
      clearInterval(watch);
    }
    expect(requests()).toBe(1);
  });

  it('says why a connection failed: refused, or a redirect loop', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused: Record<string, DatasetSource> = {
      toy: {
        title: 'toy',
        files: [{ fileName: 'toy.tar.gz', url: `http://127.0.0.1:${port}/x`, md5: md5(archive) }],
      },
    };
    await expect(
      download('toy', join(dir, 'refused'), { ...quiet, retries: 0, sources: refused }),
    ).rejects.toThrow(
      `http://127.0.0.1:${port}/x: download failed after 1 attempt (fetch failed: connect ECONNREFUSED 127.0.0.1:${port})`,
    );
    await expect(
      download('toy', join(dir, 'loop'), {
        ...quiet,
        retries: 0,
        sources: toy('toy.tar.gz', '/loop.tar.gz'),
      }),
    ).rejects.toThrow(
      `${url}/loop.tar.gz: download failed after 1 attempt (fetch failed: redirect count exceeded)`,
    );
  });

  it('keeps a good partial file when a 206 answer cannot be placed', async () => {
    for (const [route, said] of [
      ['/no-range.tar.gz', 'no Content-Range'],
      ['/bad-range.tar.gz', "Content-Range 'bytes 5-104/9999'"],
    ] as const) {
      const target = join(dir, `range-${route.slice(1, 4)}`);
      const part = join(target, 'toy.tar.gz.part');
      await mkdir(target, { recursive: true });
      await writeFile(part, archive.subarray(0, 1234));
      await expect(download('toy', target, { ...quiet, sources: toy('toy.tar.gz', route) })).rejects.toThrow(
        `${url}${route}: download failed after 1 attempt (${url}${route}: HTTP 206 for a resume at byte 1234 with ${said}, so the bytes cannot be placed; ${part} is kept as it was (delete it to download from the start)); 1234 bytes kept in ${part}`,
      );
      expect(await readFile(part)).toEqual(Buffer.from(archive.subarray(0, 1234)));
    }
  });

  describeWithSystemPart(
    'on a full disk',
    () => (existsSync('/dev/full') ? undefined : 'no /dev/full on this system'),
    () => {
      it('names the partial file when the disk is full, without retrying', async () => {
        const target = join(dir, 'full');
        await mkdir(target, { recursive: true });
        // /dev/full fails every write with ENOSPC, as a full disk does.
        await symlink('/dev/full', join(target, 'toy.tar.gz.part'));
        const before = log.length;
        await expect(
          download('toy', target, { ...quiet, sources: toy('toy.tar.gz', '/good.tar.gz') }),
        ).rejects.toThrow(
          `(${join(target, 'toy.tar.gz.part')}: no space left on the device (ENOSPC, writing))`,
        );
        expect(log.length - before).toBe(1);
      });
    },
  );

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

  it('names bad options', async () => {
    const sources = toy('toy.tar.gz', '/good.tar.gz');
    await expect(download('toy', dir, { sources, idleTimeoutMs: 0 })).rejects.toThrow(
      'download: idleTimeoutMs must be a number ≥ 1, got 0',
    );
    await expect(download('toy', dir, { sources, retries: 1.5 })).rejects.toThrow(
      'download: retries must be an integer ≥ 0, got 1.5',
    );
    await expect(download('toy', dir, { sources, retryDelayMs: Number.NaN })).rejects.toThrow(
      'download: retryDelayMs must be a number ≥ 0, got NaN',
    );
  });

  it('names unknown datasets', async () => {
    await expect(download('imagenet', dir)).rejects.toThrow(
      "download: unknown dataset 'imagenet'; known: cifar-10, cifar-100, fashion-mnist, celeba",
    );
  });
});
