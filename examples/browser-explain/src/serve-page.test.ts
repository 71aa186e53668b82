import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PageServer, servePage } from './serve-page';

describe('servePage', () => {
  let server: PageServer;
  beforeAll(async () => {
    server = await servePage();
  });
  afterAll(() => server.close());

  it('serves the page, its bundle and the wasm binaries', async () => {
    expect(await (await fetch(server.url)).text()).toContain('<script type="module" src="/page.js">');
    const script = await fetch(new URL('page.js', server.url));
    expect(script.headers.get('content-type')).toBe('text/javascript');
    const wasm = await fetch(new URL('wasm/tfjs-backend-wasm-simd.wasm', server.url));
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect([...new Uint8Array(await wasm.arrayBuffer()).slice(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
  });

  it('serves nothing else: no other file, no way out through ..', async () => {
    for (const path of [
      'wasm/..%2F..%2Fpackage.json',
      'wasm/%2E%2E/package.json',
      'wasm/tfjs-backend-wasm.js',
      'src/page.ts',
    ]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });
});
