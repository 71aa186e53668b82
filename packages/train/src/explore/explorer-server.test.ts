import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExploredModel } from './explored-model';
import { type RunningExplorer, startExplorer } from './explorer-server';

const SECRET = 'the secret beside the served folders';

/** GET with the path sent exactly as written (fetch and URL would normalise `..` away). */
function rawGet(
  base: string,
  path: string,
  method = 'GET',
): Promise<{ status: number; body: string; type?: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, path, method }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () =>
        done({ status: response.statusCode!, body, type: response.headers['content-type'] }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

describe('explorer server', () => {
  let root: string;
  let explorer: RunningExplorer;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bcos-explorer-server-'));
    const [assets, model, images] = ['assets', 'model', 'images'].map((dir) => join(root, 'served', dir));
    for (const dir of [assets!, model!, join(images!, 'cats')]) await mkdir(dir, { recursive: true });
    await writeFile(join(root, 'secret.txt'), SECRET);
    await writeFile(join(root, 'served', 'secret.txt'), SECRET);
    await writeFile(join(assets!, 'index.html'), '<!doctype html><title>explorer</title>');
    await writeFile(join(model!, 'model.json'), '{"format":"layers-model"}');
    await writeFile(join(images!, 'cats', 'a b.png'), 'png bytes');
    await symlink(join(root, 'secret.txt'), join(images!, 'link.png'));
    await symlink(root, join(images!, 'up'));
    const info = { classNames: ['a', 'b'], imageShape: [8, 8, 3], encoding: 'rgb', loss: 'crossentropy' };
    const models = [{ name: 'tiny', format: 'layers', info, directory: model } as ExploredModel];
    explorer = await startExplorer({
      models,
      images: { root: images!, files: ['cats/a b.png'] },
      assets: assets!,
    });
  });
  afterAll(async () => {
    await explorer.close();
    await rm(root, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and serves the page, its description, the model and the images', async () => {
    expect(explorer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await rawGet(explorer.url, '/');
    expect([page.status, page.type]).toEqual([200, 'text/html; charset=utf-8']);
    const config = JSON.parse((await rawGet(explorer.url, '/explorer.json')).body);
    expect(config.models).toEqual([
      {
        name: 'tiny',
        format: 'layers',
        url: 'models/0/model.json',
        info: { classNames: ['a', 'b'], imageShape: [8, 8, 3], encoding: 'rgb', loss: 'crossentropy' },
      },
    ]);
    expect(config.images).toEqual([{ name: 'cats/a b.png', url: 'images/cats/a%20b.png' }]);
    expect((await rawGet(explorer.url, '/models/0/model.json')).body).toBe('{"format":"layers-model"}');
    const image = await rawGet(explorer.url, '/images/cats/a%20b.png');
    expect([image.status, image.type, image.body]).toEqual([200, 'image/png', 'png bytes']);
  });

  it('refuses `..` (plain or percent-encoded), absolute paths and symbolic links out of a folder', async () => {
    const refused = [
      '/../secret.txt',
      '/images/../secret.txt',
      '/images/cats/../../secret.txt',
      '/images/%2e%2e/secret.txt',
      '/images/%2E%2E/%2e%2e/secret.txt',
      '/images/..%2fsecret.txt',
      '/images/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/models/0/..%5c..%5csecret.txt',
      '/models/0/%2e%2e/%2e%2e/secret.txt',
      '//secret.txt',
      `/images/${encodeURIComponent(join(root, 'secret.txt'))}`,
      `/images/${join(root, 'secret.txt')}`,
      '/images/%00secret.txt',
      '/images/link.png',
      '/images/up/secret.txt',
    ];
    for (const path of refused) {
      const response = await rawGet(explorer.url, path);
      expect([403, 404], path).toContain(response.status);
      expect(response.body, path).not.toContain(SECRET);
    }
    expect((await rawGet(explorer.url, '/images/%2e%2e/secret.txt')).status).toBe(403);
  });

  it('serves nothing but the page, the models and the images', async () => {
    for (const path of ['/secret.txt', '/models/1/model.json', '/models/x/model.json', '/package.json'])
      expect((await rawGet(explorer.url, path)).status, path).toBe(404);
    expect((await rawGet(explorer.url, '/index.html', 'POST')).status).toBe(405);
  });
});
