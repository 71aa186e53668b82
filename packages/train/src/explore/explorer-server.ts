import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import type { ExploredModel } from './explored-model';
import { CONFIG_PATH, type ExplorerConfig } from './page/explorer-config';
import { fileInside, requestSegments } from './served-path';

export interface ExplorerOptions {
  models: readonly ExploredModel[];
  /** The images folder and the files of it the page lists (relative, `/`-separated). */
  images?: { root: string; files: readonly string[] };
  /** The built page: index.html, its script and the wasm binaries. */
  assets: string;
  /** 0 (default): any free port. */
  port?: number;
}

export interface RunningExplorer {
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
};

function pageConfig(options: ExplorerOptions): ExplorerConfig {
  const encode = (path: string) => path.split('/').map(encodeURIComponent).join('/');
  return {
    models: options.models.map((model, i) => ({
      name: model.name,
      format: model.format,
      info: model.info,
      url: model.url ?? `models/${i}/model.json`,
    })),
    images: (options.images?.files ?? []).map((file) => ({ name: file, url: `images/${encode(file)}` })),
  };
}

/** The folder a request path starts in and the rest of it: the page assets, a model folder or the images. */
function servedRoot(options: ExplorerOptions, segments: string[]): [string, string[]] | undefined {
  const [first, second, ...rest] = segments;
  if (first === 'models') {
    const directory = options.models[Number(second)]?.directory;
    return directory && /^\d+$/.test(second ?? '') ? [directory, rest] : undefined;
  }
  if (first === 'images') return options.images ? [options.images.root, segments.slice(1)] : undefined;
  return [options.assets, segments];
}

/**
 * Cross-origin isolation: gives the page SharedArrayBuffer, so that tfjs-backend-wasm runs on several
 * threads; `credentialless` still lets it load models from other origins that allow CORS.
 */
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'credentialless',
};

function send(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

async function handle(
  options: ExplorerOptions,
  config: string,
  request: IncomingMessage,
  response: ServerResponse,
) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'GET only');
  const raw = request.url ?? '/';
  const path = raw.split(/[?#]/, 1)[0] === '/' ? '/index.html' : raw;
  const segments = requestSegments(path);
  if (!segments) return send(response, 403, 'refused: the path leaves the served folders');
  if (segments.join('/') === CONFIG_PATH) {
    response.writeHead(200, {
      'content-type': CONTENT_TYPES['.json']!,
      'cache-control': 'no-store',
      ...ISOLATION,
    });
    return response.end(config);
  }
  const served = servedRoot(options, segments);
  const file = served && (await fileInside(...served));
  if (!file) return send(response, 404, 'not found');
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    ...ISOLATION,
  });
  if (request.method === 'HEAD') return response.end();
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

/**
 * Serves the explorer page on 127.0.0.1: the page assets, `explorer.json` (the models and images),
 * each model's folder under `models/<i>/` and the images under `images/`, and nothing else — paths
 * with `..`, encoded or not, absolute paths and symbolic links out of a folder are refused.
 */
export async function startExplorer(options: ExplorerOptions): Promise<RunningExplorer> {
  const config = JSON.stringify(pageConfig(options));
  const server = createServer((request, response) => {
    handle(options, config, request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, (error as Error).message);
      else response.destroy();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'EADDRINUSE' ? new Error(`--port ${options.port}: already in use`) : error),
    );
    server.listen(options.port ?? 0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
