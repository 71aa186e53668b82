import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { collectingOutput, fileSizes } from '@bcos/example-shared/testing';
import { describe, expect, it } from 'vitest';
import { runDemo } from './demo';

describe('demo', () => {
  it('trains both models on generated faces, scores their explanations against the masks and writes the report', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'bcos-demo-')), 'demo');
    const output = collectingOutput();
    const summary = await runDemo({
      out,
      backend: 'wasm',
      faces: { train: 320, val: 40, test: 100 },
      overrides: { epochs: 3, batchSize: 16 },
      localisationImages: 40,
      galleryImages: 2,
      output,
    });

    const [bcos, layernorm] = summary.models;
    expect(bcos!.results.model).toBe('bcos_resnet18_cifar_batch');
    expect(layernorm!.results.model).toBe('resnet18_cifar_layer');
    for (const { results } of summary.models) {
      expect(results.test.count).toBe(100);
      // 47 Female / 53 Male test faces; this run measured 0.84 (B-cos) and 0.81 (LayerNorm) on wasm.
      expect(results.test.accuracy).toBeGreaterThan(0.7);
      expect(existsSync(results.report!)).toBe(true);
    }
    expect(summary.images).toBeGreaterThan(20);
    expect(summary.localisation.map((l) => l.label)).toEqual([
      'B-cos explanation (B-cos ResNet-18)',
      'Grad-CAM (B-cos ResNet-18)',
      'Grad-CAM (LayerNorm ResNet-18)',
    ]);
    for (const score of summary.localisation) {
      expect(score.maskShare).toBeGreaterThan(0);
      expect(score.maskShare).toBeLessThan(1);
      expect(score.pointingGame).toBeGreaterThanOrEqual(0);
    }
    expect(summary.maskArea).toBeGreaterThan(0.05);
    // The B-cos explanation puts more of its evidence on the masks than an evenly spread map would
    // (measured 0.27 against a mean mask area of 0.17).
    expect(summary.localisation[0]!.maskShare).toBeGreaterThan(summary.maskArea);

    const html = await readFile(summary.index, 'utf8');
    expect(html).toContain('pointing game');
    expect(html).toContain('bcos/report/index.html');
    expect(html).toContain('layernorm/report/index.html');
    const runs = ['bcos', 'layernorm'].map((key) => relative(process.cwd(), join(out, key)));
    expect(summary.explore).toBe(`npx --no-install bcos-explore ${runs.join(' ')}`);
    expect(html).toContain(`<pre>${summary.explore}</pre>`);
    expect(JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'))).toEqual(summary);
    const pictures = await fileSizes(join(out, 'images'), /\.png$/);
    expect(pictures).toHaveLength(2 * 6);
    expect(Math.min(...pictures)).toBeGreaterThan(100);
    expect(output.lines.some((line) => line.startsWith('B-cos ResNet-18: test accuracy'))).toBe(true);
    expect(output.lines.some((line) => line.startsWith('LayerNorm ResNet-18: epoch 3/3'))).toBe(true);
  });
});
