import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FolderServer } from '@bcos/backend/node';
import { rawRequest } from '@bcos/backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExploredModel } from './explored-model';
import { startExplorer } from './explorer-server';

const SECRET = 'the secret beside the served folders';

describe('explorer server', () => {
  let root: string;
  let explorer: FolderServer;
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
      idleMs: 60_000,
    });
  });
  afterAll(async () => {
    await explorer.close();
    await rm(root, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and serves the page, its description, the model and the images', async () => {
    expect(explorer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await rawRequest(explorer.url, '/');
    expect([page.status, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    const config = JSON.parse((await rawRequest(explorer.url, '/explorer.json')).body);
    expect(config.models).toEqual([
      {
        name: 'tiny',
        format: 'layers',
        url: 'models/0/model.json',
        info: { classNames: ['a', 'b'], imageShape: [8, 8, 3], encoding: 'rgb', loss: 'crossentropy' },
      },
    ]);
    expect(config.images).toEqual([{ name: 'cats/a b.png', url: 'images/cats/a%20b.png' }]);
    expect((await rawRequest(explorer.url, '/models/0/model.json')).body).toBe('{"format":"layers-model"}');
    const image = await rawRequest(explorer.url, '/images/cats/a%20b.png');
    expect([image.status, image.headers['content-type'], image.body]).toEqual([
      200,
      'image/png',
      'png bytes',
    ]);
  });

  it('refuses `..` out of the model and image folders, and symbolic links out of them', async () => {
    // The full list of refused paths is serveFolders' test (@bcos/backend); these are the explorer's folders.
    const refused = [
      '/images/../secret.txt',
      '/images/%2e%2e/secret.txt',
      '/models/0/%2e%2e/%2e%2e/secret.txt',
      '/images/link.png',
      '/images/up/secret.txt',
    ];
    for (const path of refused) {
      const response = await rawRequest(explorer.url, path);
      expect([403, 404], path).toContain(response.status);
      expect(response.body, path).not.toContain(SECRET);
    }
    expect((await rawRequest(explorer.url, '/images/%2e%2e/secret.txt')).status).toBe(403);
  });

  it('serves nothing but the page, the models and the images', async () => {
    for (const path of ['/secret.txt', '/models/1/model.json', '/models/x/model.json', '/package.json'])
      expect((await rawRequest(explorer.url, path)).status, path).toBe(404);
    expect((await rawRequest(explorer.url, '/index.html', 'POST')).status).toBe(405);
  });
});
