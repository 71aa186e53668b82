import { defineConfig } from 'tsup';

// A program, not a library: one ESM entry, the workspace packages and tfjs left to node_modules.
export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  clean: true,
  sourcemap: true,
  target: 'node20',
  external: [/^@bcos\//, /^@tensorflow\//, 'sharp', 'webgpu'],
});
