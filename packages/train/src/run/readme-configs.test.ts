import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initBackend } from '@bcos/backend';
import { describeWithSystemPart } from '@bcos/backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRunConfig } from './config-schema';
import { runTraining } from './run-training';

const packageRoot = resolve(import.meta.dirname, '../..');
const cpuConfigPath = join(packageRoot, 'examples/run-cpu.json');

function readmeJsonBlocks(): unknown[] {
  const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
  return [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!));
}

describe('the run configs the README shows', () => {
  it('every run.json block of the README is a valid run config', () => {
    const blocks = readmeJsonBlocks();
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(() => parseRunConfig(block, 'README.md')).not.toThrow();
  });

  it('examples/run-cpu.json is valid and trains on a CPU backend', () => {
    const config = parseRunConfig(JSON.parse(readFileSync(cpuConfigPath, 'utf8')), cpuConfigPath);
    expect(['wasm', 'cpu']).toContain(config.backend);
  });
});

const fashionMnist = JSON.parse(readFileSync(cpuConfigPath, 'utf8')).data.dir as string;

describeWithSystemPart(
  'examples/run-cpu.json on Fashion-MNIST',
  () =>
    existsSync(fashionMnist)
      ? undefined
      : `${fashionMnist} is absent (apt-get install dataset-fashion-mnist)`,
  () => {
    let out: string;
    beforeAll(async () => {
      out = await mkdtemp(join(tmpdir(), 'bcos-run-cpu-'));
    });
    afterAll(() => rm(out, { recursive: true, force: true }));

    it('runs as written, on fewer images', async () => {
      const written = JSON.parse(readFileSync(cpuConfigPath, 'utf8'));
      const config = parseRunConfig(
        {
          ...written,
          out,
          data: { ...written.data, trainLimit: 48, testLimit: 16 },
          epochs: 1,
          batchSize: 16,
          report: { enabled: false },
        },
        cpuConfigPath,
      );
      await initBackend({ backend: config.backend });
      const run = await runTraining(config, { progress: null, printSummary: false });
      try {
        expect(run.history).toHaveLength(1);
        expect(run.test?.count).toBe(16);
      } finally {
        run.model.dispose();
      }
    });
  },
);
