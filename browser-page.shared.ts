import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { build } from 'esbuild';

/**
 * The one way a browser bundle is made here (esbuild): ESM for the browser, where an import of a Node
 * built-in fails the build. `fromSources` resolves the workspace packages to their TypeScript sources
 * (the `source` export condition, for tests) instead of their builds.
 */
export function browserBuild(fromSources: boolean): BuildOptions {
  return {
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    conditions: fromSources ? ['source'] : [],
    logLevel: 'silent',
  };
}

export interface BrowserPage {
  /** The page's TypeScript entry: it and everything it imports become `app.js`. */
  entry: string;
  /** The page's HTML, copied as `index.html`; it loads `app.js`. */
  html: string;
  outDir: string;
  fromSources?: boolean;
}

/** tfjs-backend-wasm's binaries, fetched by the page's wasm backend from `wasm/` (`wasmPaths`). */
async function copyWasmBinaries(outDir: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  await mkdir(join(outDir, 'wasm'), { recursive: true });
  for (const file of (await readdir(dist)).filter((name) => name.endsWith('.wasm')))
    await copyFile(join(dist, file), join(outDir, 'wasm', file));
}

/** Writes a browser page into `outDir`: index.html, app.js (minified) and wasm/. */
export async function bundleBrowserPage({ entry, html, outDir, fromSources = false }: BrowserPage) {
  await build({
    ...browserBuild(fromSources),
    entryPoints: [entry],
    outfile: join(outDir, 'app.js'),
    minify: true,
    legalComments: 'none',
  }).catch((error: Error) => {
    throw new Error(`${basename(entry)} does not bundle for the browser: ${error.message}`);
  });
  await copyFile(html, join(outDir, 'index.html'));
  await copyWasmBinaries(outDir);
}
