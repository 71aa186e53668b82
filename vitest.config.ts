import { defineConfig } from 'vitest/config';

// The design's `vitest.workspace.ts` is, in vitest >= 3.2, the `test.projects` field of the root
// config: every package and example folder with a vitest.config.ts is one project.
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*'],
    reporters: ['default'],
  },
});
