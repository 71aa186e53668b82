import type { FolderServer } from '@bcos/backend/node';
import { rawRequest } from '@bcos/backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servePage } from './serve-page';

describe('servePage', () => {
  let server: FolderServer;
  beforeAll(async () => {
    server = await servePage();
  });
  afterAll(() => server.close());

  it('serves the page, its bundle and the wasm binaries', async () => {
    expect(await (await fetch(server.url)).text()).toContain('<script type="module" src="app.js">');
    const script = await fetch(new URL('app.js', server.url));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const wasm = await fetch(new URL('wasm/tfjs-backend-wasm-simd.wasm', server.url));
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect([...new Uint8Array(await wasm.arrayBuffer()).slice(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
  });

  it('serves nothing else: no source, no way out through ..', async () => {
    for (const path of ['/wasm/..%2F..%2Fpackage.json', '/wasm/%2E%2E/package.json', '/../package.json'])
      expect((await rawRequest(server.url, path)).status, path).toBe(403);
    for (const path of ['/wasm/tfjs-backend-wasm.js', '/src/page.ts', '/page.ts'])
      expect((await rawRequest(server.url, path)).status, path).toBe(404);
  });
});
