import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FolderServer, serveFolders } from '@bcos/backend/node';
import { bundleBrowserPage } from '../../../browser-page.shared';

/**
 * Bundles the page (page.ts and everything it imports, from the packages' sources) into a temporary
 * folder and serves it on 127.0.0.1 (a free port) with tfjs-backend-wasm's binaries under `wasm/`.
 * The server closes after `idleMs` without a request, and the folder goes with it; unless
 * `keepProcessAlive`, it never holds the process open (tests close it themselves).
 */
export async function servePage({ idleMs = 60_000, keepProcessAlive = false } = {}): Promise<FolderServer> {
  const folder = await mkdtemp(join(tmpdir(), 'bcos-browser-explain-'));
  try {
    await bundleBrowserPage({
      entry: join(import.meta.dirname, 'page.ts'),
      html: join(import.meta.dirname, 'index.html'),
      outDir: folder,
      fromSources: true,
    });
    const server = await serveFolders({ folders: { '': folder }, idleMs, keepProcessAlive });
    const removed = server.closed.then(() => rm(folder, { recursive: true, force: true }));
    return { url: server.url, closed: removed, close: () => server.close().then(() => removed) };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}
