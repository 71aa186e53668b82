import { defineProject } from 'vitest/config';

/**
 * Shared per-package vitest project. Workspace packages resolve to their TypeScript sources
 * through the `source` export condition, so tests never run stale dist/ builds.
 */
export function packageProject(name: string, options: { timeoutMs?: number } = {}) {
  return defineProject({
    resolve: { conditions: ['source'] },
    ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      pool: 'forks',
      testTimeout: options.timeoutMs ?? 120_000,
      hookTimeout: 120_000,
    },
  });
}
