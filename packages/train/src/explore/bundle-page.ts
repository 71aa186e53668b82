import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const PAGE = fileURLToPath(new URL('./page/', import.meta.url));

/** tfjs-backend-wasm's binaries, which the page's wasm backend fetches from `wasm/`. */
async function copyWasmBinaries(outDir: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  await mkdir(join(outDir, 'wasm'), { recursive: true });
  for (const file of (await readdir(dist)).filter((name) => name.endsWith('.wasm')))
    await copyFile(join(dist, file), join(outDir, 'wasm', file));
}

/**
 * Writes the explorer page into `outDir`: index.html, app.js (the page's TypeScript and everything it
 * imports, bundled for the browser: esbuild fails on any Node built-in that leaks in) and wasm/.
 * `fromSources` bundles the workspace packages' sources (tests) instead of their builds.
 */
export async function bundleExplorerPage(outDir: string, { fromSources = false } = {}): Promise<void> {
  const result = await build({
    entryPoints: [join(PAGE, 'main.ts')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: fromSources ? ['source'] : [],
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'silent',
  });
  const leaked = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('node:'));
  if (leaked.length > 0) throw new Error(`the explorer page bundles Node built-ins: ${leaked.join(', ')}`);
  await copyFile(join(PAGE, 'index.html'), join(outDir, 'index.html'));
  await copyWasmBinaries(outDir);
}
