import { defineConfig } from 'tsup';

// Each suite is its own entry so `node bench/dist/index.js <suite>` loads only what it measures.
export default defineConfig({
  entry: ['src/index.ts', 'src/suites/*.ts'],
  format: ['esm'],
  clean: true,
  target: 'node20',
  splitting: true,
  // Measure the built packages, never a private bundled copy of them or of tfjs.
  external: [/^@bcos\//, /^@tensorflow\//, 'webgpu', 'sharp'],
});
