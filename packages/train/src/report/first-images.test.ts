import '@bcos/backend';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackends } from '@bcos/backend/testing';
import { expect, it } from 'vitest';
import { syntheticDataset, tinyBcosNet } from '../test-dataset';
import { writeReport } from './write-report';

describeBackends('report: the first images', () => {
  it('shows the first N images in dataset order with predicted class, probability and B-cos explanation', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'bcos-first-images-'));
    const model = tinyBcosNet({ classes: 2 });
    const dataset = syntheticDataset({ size: 10, classes: 2, seed: 5 });
    try {
      const { index } = await writeReport({
        directory,
        model,
        dataset,
        loss: 'crossentropy',
        batchSize: 4,
        first: 4,
        misclassified: 1,
        correct: 1,
        gradcam: false,
      });
      const html = await readFile(index, 'utf8');
      const section = html.slice(
        html.indexOf('<h2>First images</h2>'),
        html.indexOf('<h2>Misclassified</h2>'),
      );
      expect(section).toContain(
        'The first 4 images in dataset order, each with the predicted class and its probability',
      );
      const captions = [
        ...section.matchAll(
          /<figcaption>#(\d+): true <b>(class[01])<\/b>, predicted <b[^>]*>(class[01])<\/b> \((\d+\.\d+)%\)/g,
        ),
      ];
      expect(captions.map((c) => Number(c[1]))).toEqual([0, 1, 2, 3]);
      expect(captions.map((c) => c[2])).toEqual(['class0', 'class1', 'class0', 'class1']);
      // Softmax over two classes: the predicted one has at least half.
      for (const caption of captions) expect(Number(caption[4])).toBeGreaterThanOrEqual(50);
      for (const i of [0, 1, 2, 3]) {
        expect(section).toContain(`images/first-${i}-bcos.png`);
        expect((await stat(join(directory, 'images', `first-${i}-bcos.png`))).size).toBeGreaterThan(50);
      }
    } finally {
      model.dispose();
    }
  });
});
