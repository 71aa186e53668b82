import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>@bcos in the browser</title></head>
<body>
<h1>B-cos explanation and Grad-CAM in the browser</h1>
<pre id="result">computing…</pre>
<script type="module" src="/page.js"></script>
</body>
</html>
`;

/** tfjs-backend-wasm's binaries, the only files served from disk (by exact name). */
const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];

/** page.ts and everything it imports (tfjs included) as one browser script. */
export async function bundlePage(): Promise<Uint8Array> {
  const result = await esbuild.build({
    entryPoints: [join(import.meta.dirname, 'page.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    conditions: ['source'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents;
}

function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm'));
}

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the page, its bundle and the wasm binaries on 127.0.0.1 (a free port). It closes after
 * `idleMs` without a request, so it stops by itself; unless `keepProcessAlive`, it never holds the
 * process open (tests close it themselves).
 */
export async function servePage({ idleMs = 60_000, keepProcessAlive = false } = {}): Promise<PageServer> {
  const script = await bundlePage();
  const wasm = wasmDirectory();
  const server: Server = createServer((request, response) => {
    idle.refresh();
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (type: string, body: string | Uint8Array) => {
      response.writeHead(200, { 'content-type': type }).end(body);
    };
    if (path === '/') return send('text/html; charset=utf-8', PAGE);
    if (path === '/page.js') return send('text/javascript', script);
    const name = path.startsWith('/wasm/') ? path.slice('/wasm/'.length) : '';
    if (WASM_FILES.includes(name)) {
      readFile(join(wasm, name)).then(
        (bytes) => send('application/wasm', bytes),
        () => response.writeHead(500).end(),
      );
      return;
    }
    response.writeHead(404).end();
  });
  const close = () =>
    new Promise<void>((resolve) => {
      clearTimeout(idle);
      server.close(() => resolve());
      server.closeAllConnections();
    });
  const idle = setTimeout(() => void close(), idleMs).unref();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  if (!keepProcessAlive) server.unref();
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close };
}
