import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { fileInside, requestSegments } from './served-path';

export interface FolderServerOptions {
  /**
   * The folders served, by the URL path they are served under (`''` for the root, `'images'`,
   * `'models/0'`); a request goes to the folder of its longest matching path.
   */
  folders: Readonly<Record<string, string>>;
  /** Files made in memory, by URL path without the leading slash (`'explorer.json'`). */
  files?: Readonly<Record<string, string | Uint8Array>>;
  /** Headers sent with every file (cross-origin isolation, for one). */
  headers?: Readonly<Record<string, string>>;
  /** 0 (default): any free port. */
  port?: number;
  /** The server closes after this long without a request. */
  idleMs: number;
  /** Unless true, the open server does not keep the process alive (tests close it themselves). */
  keepProcessAlive?: boolean;
}

export interface FolderServer {
  url: string;
  /** Resolves once the server has closed: by `close()` or after `idleMs` without a request. */
  closed: Promise<void>;
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

function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}

/** The folder whose URL path is the longest prefix of `segments`, and the segments left inside it. */
function servedFile(
  folders: FolderServerOptions['folders'],
  segments: string[],
): [string, string[]] | undefined {
  for (let length = segments.length; length >= 0; length--) {
    const folder = folders[segments.slice(0, length).join('/')];
    if (folder !== undefined) return [folder, segments.slice(length)];
  }
  return undefined;
}

async function handle(options: FolderServerOptions, request: IncomingMessage, response: ServerResponse) {
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'GET only');
  const raw = request.url ?? '/';
  const segments = requestSegments(raw.split(/[?#]/, 1)[0] === '/' ? '/index.html' : raw);
  if (!segments) return sendText(response, 403, 'refused: the path leaves the served folders');
  const headers = { 'cache-control': 'no-store', ...options.headers };
  const made = options.files?.[segments.join('/')];
  if (made !== undefined) {
    response.writeHead(200, { 'content-type': contentType(segments.join('/')), ...headers });
    return response.end(request.method === 'HEAD' ? undefined : made);
  }
  const served = servedFile(options.folders, segments);
  const file = served && (await fileInside(...served));
  if (!file) return sendText(response, 404, 'not found');
  response.writeHead(200, { 'content-type': contentType(file), ...headers });
  if (request.method === 'HEAD') return response.end();
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

/**
 * Serves `folders` and the in-memory `files` on 127.0.0.1, and nothing else: paths with `..` or `.`
 * (plain or percent-encoded), encoded slashes, absolute paths and symbolic links out of a folder are
 * refused. It closes by itself after `idleMs` without a request.
 */
export async function serveFolders(options: FolderServerOptions): Promise<FolderServer> {
  const server = createServer((request, response) => {
    idle.refresh();
    handle(options, request, response).catch((error: unknown) => {
      if (!response.headersSent) sendText(response, 500, (error as Error).message);
      else response.destroy();
    });
  });
  const closed = new Promise<void>((done) => server.once('close', done));
  const close = () => {
    clearTimeout(idle);
    if (server.listening) {
      server.close();
      server.closeAllConnections();
    }
    return closed;
  };
  const idle = setTimeout(() => void close(), options.idleMs).unref();
  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(idle);
      fail(error.code === 'EADDRINUSE' ? new Error(`port ${options.port}: already in use`) : error);
    });
    server.listen(options.port ?? 0, '127.0.0.1', done);
  });
  if (!options.keepProcessAlive) server.unref();
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, closed, close };
}
