import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../testing';
import { type FolderServer, serveFolders } from './folder-server';

const SECRET = 'the secret beside the served folders';

describe('serveFolders', () => {
  let root: string;
  let server: FolderServer;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bcos-serve-folders-'));
    const [page, images, model] = ['page', 'images', 'model'].map((dir) => join(root, 'served', dir));
    for (const dir of [join(page!, 'wasm'), join(images!, 'cats'), model!])
      await mkdir(dir, { recursive: true });
    await writeFile(join(root, 'secret.txt'), SECRET);
    await writeFile(join(page!, 'index.html'), '<!doctype html>');
    await writeFile(join(page!, 'wasm', 'a.wasm'), 'wasm');
    await writeFile(join(images!, 'cats', 'a b.png'), 'png bytes');
    await writeFile(join(model!, 'model.json'), '{}');
    await symlink(join(root, 'secret.txt'), join(images!, 'link.png'));
    await symlink(root, join(images!, 'up'));
    server = await serveFolders({
      folders: { '': page!, images: images!, 'models/0': model! },
      files: { 'config.json': '{"made":true}' },
      headers: { 'cross-origin-opener-policy': 'same-origin' },
      idleMs: 60_000,
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves each folder under its path, the files made in memory, with their types and headers', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await rawRequest(server.url, '/');
    expect([page.status, page.headers['content-type'], page.headers['cross-origin-opener-policy']]).toEqual([
      200,
      'text/html; charset=utf-8',
      'same-origin',
    ]);
    expect((await rawRequest(server.url, '/wasm/a.wasm')).headers['content-type']).toBe('application/wasm');
    const image = await rawRequest(server.url, '/images/cats/a%20b.png?x=1');
    expect([image.status, image.headers['content-type'], image.body]).toEqual([
      200,
      'image/png',
      'png bytes',
    ]);
    expect((await rawRequest(server.url, '/models/0/model.json')).body).toBe('{}');
    const made = await rawRequest(server.url, '/config.json');
    expect([made.headers['content-type'], made.body]).toEqual([
      'application/json; charset=utf-8',
      '{"made":true}',
    ]);
    const head = await rawRequest(server.url, '/images/cats/a%20b.png', 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
  });

  it('refuses `..` and `.` (plain or percent-encoded), encoded slashes, absolute paths and links out', async () => {
    const refused = [
      '/../secret.txt',
      '/images/cats/../../secret.txt',
      '/images/%2e%2e/secret.txt',
      '/images/%2E%2E/%2e%2e/secret.txt',
      '/images/./cats/a%20b.png',
      '/images/..%2fsecret.txt',
      '/models/0/..%5c..%5csecret.txt',
      '//secret.txt',
      `/images/${encodeURIComponent(join(root, 'secret.txt'))}`,
      `/images/${join(root, 'secret.txt')}`,
      '/images/%00secret.txt',
      '/images/%zz',
    ];
    for (const path of refused) {
      const response = await rawRequest(server.url, path);
      expect(response.status, path).toBe(403);
      expect(response.body, path).not.toContain(SECRET);
    }
    for (const path of ['/images/link.png', '/images/up/secret.txt', '/secret.txt', '/models/1/model.json'])
      expect((await rawRequest(server.url, path)).status, path).toBe(404);
    expect((await rawRequest(server.url, '/index.html', 'POST')).status).toBe(405);
  });

  it('closes by itself after idleMs without a request, and names a port in use', async () => {
    const idle = await serveFolders({ folders: { '': root }, idleMs: 200 });
    expect((await rawRequest(idle.url, '/secret.txt')).body).toBe(SECRET);
    await idle.closed;
    await expect(rawRequest(idle.url, '/secret.txt')).rejects.toThrow();
    const port = Number(new URL(server.url).port);
    await expect(serveFolders({ folders: {}, port, idleMs: 1000 })).rejects.toThrow(
      `port ${port}: already in use`,
    );
  });
});
