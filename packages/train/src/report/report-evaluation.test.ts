import '@bcos/backend';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackends } from '@bcos/backend/testing';
import type { ImageDataset } from '@bcos/datasets';
import { expect, it } from 'vitest';
import { evaluate } from '../loop/evaluate';
import { syntheticDataset, tinyBcosNet } from '../test-dataset';
import { writeReport } from './write-report';

/** `dataset`, counting how often it is streamed (each evaluation streams it once). */
function countingStreams(dataset: ImageDataset): { dataset: ImageDataset; streams: () => number } {
  let streams = 0;
  const counted: ImageDataset = {
    name: dataset.name,
    size: dataset.size,
    imageShape: dataset.imageShape,
    classNames: dataset.classNames,
    get: (indices) => dataset.get(indices),
    batches: (options) => {
      streams += 1;
      return dataset.batches(options);
    },
  };
  return { dataset: counted, streams: () => streams };
}

describeBackends("report: the caller's evaluation", () => {
  it('shows it without evaluating again, and rejects one without predictions or of other data', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bcos-report-evaluation-'));
    const model = tinyBcosNet();
    const { dataset, streams } = countingStreams(syntheticDataset({ size: 6, seed: 2 }));
    try {
      const evaluation = await evaluate(model, dataset, { predictions: true });
      expect(streams()).toBe(1);
      const options = { directory, model, dataset, misclassified: 1, correct: 1, gradcam: false as const };
      const { metrics } = await writeReport({ ...options, evaluation });
      expect(streams()).toBe(1);
      expect(metrics).toBe(evaluation.metrics);
      expect(await readFile(join(directory, 'index.html'), 'utf8')).toContain(`${dataset.name} (6 images)`);
      await expect(writeReport({ ...options, evaluation: { metrics } })).rejects.toThrow(
        'writeReport: evaluation has no predictions; evaluate with {predictions: true}',
      );
      const other = await evaluate(model, syntheticDataset({ size: 4 }), { predictions: true });
      await expect(writeReport({ ...options, evaluation: other })).rejects.toThrow(
        'writeReport: evaluation covers 4 images, but dataset synthetic has 6',
      );
    } finally {
      model.dispose();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
