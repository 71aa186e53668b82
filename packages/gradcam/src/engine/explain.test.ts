import { describeBackends, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { PYTORCH_METHOD_NAMES } from '../methods/methods';
import { randomImages, residualModel, residualParts } from '../test-models';
import { EXPLAIN_METHODS, type ExplainMethodName, explain } from './explain';

const SEVERAL_LAYERS = new Set(['refinecam']);

describeBackends('explain: every method by name', () => {
  it('runs every method to [N, H, W] maps in [0, 1] without leaking', async () => {
    // Five classes: FinerCAM compares the main class with the next three by default.
    const model = residualModel(residualParts(5));
    const x = randomImages(2);
    for (const method of EXPLAIN_METHODS) {
      const layer = SEVERAL_LAYERS.has(method) ? ['stem_relu', 'block_relu'] : 'block_relu';
      await expectNoLeaks(async () => {
        const { cams, logits } = await explain(model, x, { method, layer });
        expect(cams.shape, method).toEqual([2, 8, 8]);
        const values = await cams.data();
        expect(Math.min(...values), method).toBeGreaterThanOrEqual(0);
        expect(Math.max(...values), method).toBeLessThanOrEqual(1);
        expect(logits.shape).toEqual([2, 5]);
        tf.dispose([cams, logits]);
      });
    }
    x.dispose();
    model.dispose();
  });

  it('reports the progress of multi-pass methods batch by batch', async () => {
    const model = residualModel();
    const x = randomImages(2);
    for (const method of ['scorecam', 'ablationcam'] as const) {
      const seen: Array<[number, number]> = [];
      const { cams, logits } = await explain(model, x, {
        method,
        layer: 'block_relu',
        batchSize: 3,
        onProgress: (done, total) => seen.push([done, total]),
      });
      expect(seen, method).toEqual([
        [3, 8],
        [6, 8],
        [8, 8],
      ]);
      tf.dispose([cams, logits]);
    }
    x.dispose();
    model.dispose();
  });
});

describeBackends(
  'explain: names and arguments',
  () => {
    it("finds a method under pytorch-grad-cam's class name too", async () => {
      const model = residualModel();
      const x = randomImages(1);
      for (const [theirs, ours] of Object.entries(PYTORCH_METHOD_NAMES)) {
        const a = await explain(model, x, { method: theirs as ExplainMethodName, layer: 'block_relu' });
        const b = await explain(model, x, { method: ours, layer: 'block_relu' });
        expect(Array.from(await a.cams.data()), theirs).toEqual(Array.from(await b.cams.data()));
        tf.dispose([a.cams, a.logits, b.cams, b.logits]);
      }
      x.dispose();
      model.dispose();
    });

    it('rejects an unknown method, RefineCAM on one layer and aug smoothing over several layers', async () => {
      const model = residualModel();
      const x = randomImages(1);
      await expect(explain(model, x, { method: 'gradcam+++' as ExplainMethodName })).rejects.toThrow(
        /method: unknown CAM method 'gradcam\+\+\+' \(known: gradcam, .*refinecam\)/,
      );
      await expect(explain(model, x, { method: 'refinecam', layer: 'block_relu' })).rejects.toThrow(
        /RefineCAM combines several layers/,
      );
      await expect(
        explain(model, x, { layer: ['stem_relu', 'block_relu'], augSmooth: true }),
      ).rejects.toThrow(/augSmooth: not available with several layers/);
      x.dispose();
      model.dispose();
    });
  },
  { backends: ['cpu'] },
);
