import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWithSystemPart } from '@bcos/backend/testing';
import { collectingOutput, fileSizes } from '@bcos/example-shared/testing';
import { expect, it } from 'vitest';
import { DEBIAN_FASHION_MNIST, fashionMnistExample, RECIPES } from './fashion-mnist-example';

const FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];
const dataDir = process.env.BCOS_FASHION_MNIST ?? DEBIAN_FASHION_MNIST;

function missingFiles(): string | undefined {
  const missing = FILES.filter((f) => !existsSync(join(dataDir, f)) && !existsSync(join(dataDir, `${f}.gz`)));
  return missing.length
    ? `Fashion-MNIST IDX files not in ${dataDir} (${missing.join(', ')}); install Debian's dataset-fashion-mnist or set BCOS_FASHION_MNIST`
    : undefined;
}

/**
 * The short CPU run of short.json (width 4, one epoch on the first 2,000 training images, tested on
 * the first 1,000 test images) measured 54.8% test accuracy on wasm; chance is 10%.
 */
const SHORT_RUN_FLOOR = 0.45;

describeWithSystemPart(
  'fashion-mnist: short CPU run of the LayerNorm recipe on real data',
  missingFiles,
  () => {
    it(`reaches ≥ ${100 * SHORT_RUN_FLOOR}% test accuracy after one epoch on 2,000 images`, async () => {
      const out = join(await mkdtemp(join(tmpdir(), 'bcos-fashion-mnist-')), 'run');
      const output = collectingOutput();
      const argv = ['--data-dir', dataDir, '--config', RECIPES.short, '--backend', 'wasm', '--out', out];
      const results = await fashionMnistExample(argv, output);

      expect(results).toMatchObject({ epochs: 1, trainImages: 2000, model: 'resnet18_cifar_layer' });
      expect(results.test.count).toBe(1000);
      expect(results.test.accuracy).toBeGreaterThanOrEqual(SHORT_RUN_FLOOR);
      expect(Object.keys(results.test.perClassAccuracy)).toContain('Ankle boot');
      expect(output.lines.some((line) => line.startsWith('per class: T-shirt/top '))).toBe(true);
      const gradcams = await fileSizes(join(out, 'report', 'images'), /^misclassified-\d+-gradcam\.png$/);
      expect(gradcams).toHaveLength(10);
      expect(Math.min(...gradcams)).toBeGreaterThan(100);
      expect(await readFile(join(out, 'report', 'index.html'), 'utf8')).toContain('Fashion-MNIST');
    });
  },
);
