import { defineConfig, type Options } from 'tsup';

/** The one build recipe of every package: ESM + CJS + .d.ts from src/, Node 20 target. */
export function packageBuild(entry: Options['entry'], extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
    ...extra,
  });
}
