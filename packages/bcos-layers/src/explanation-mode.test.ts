import { describeBackends } from '@bcos/backend/testing';
import { input, layers, model, type SymbolicTensor, sequential } from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { bcosConv2d } from './bcos/bcos-conv2d';
import { bcosDense } from './bcos/bcos-dense';
import { explanationMode, explanationSwitches, withExplanationMode } from './explanation-mode';
import { batchNorm2d } from './norms/batch-norm-2d';
import { positionNorm2d } from './norms/position-norm-2d';
import { CPU_ONLY } from './test-backends';

/** A functional model with a residual add around a nested Sequential, and a wrapped dense head. */
function nestedModel() {
  const x = input({ shape: [6, 6, 6] });
  const block = sequential({
    layers: [
      bcosConv2d({ filters: 6, kernelSize: 3, padding: 'same', inputShape: [6, 6, 6] }),
      positionNorm2d(),
    ],
  });
  const stem = batchNorm2d().apply(bcosConv2d({ filters: 6, kernelSize: 1 }).apply(x));
  const sum = layers.add().apply([stem, block.apply(stem)] as never) as SymbolicTensor;
  const pooled = layers.reshape({ targetShape: [1, 36 * 6] }).apply(sum);
  const head = layers.timeDistributed({ layer: bcosDense({ units: 3 }) }).apply(pooled);
  return model({ inputs: x, outputs: head as SymbolicTensor });
}

const modes = (m: unknown) => explanationSwitches(m).map((layer) => layer.explanationMode);

describeBackends(
  'explanation mode',
  () => {
    it('reaches every B-cos layer and norm, inside nested models and wrappers too', () => {
      const m = nestedModel();
      expect(explanationMode(m, true)).toBe(5);
      expect(modes(m)).toEqual([true, true, true, true, true]);
      explanationMode(m, false);
      expect(modes(m)).not.toContain(true);
    });

    it('withExplanationMode restores the previous modes after a result, a throw and a rejection', async () => {
      const m = nestedModel();
      const [first] = explanationSwitches(m);
      first!.setExplanationMode(true);
      expect(withExplanationMode(m, () => modes(m))).toEqual([true, true, true, true, true]);
      expect(modes(m)).toEqual([true, false, false, false, false]);
      expect(() =>
        withExplanationMode(m, () => {
          throw new Error('inside');
        }),
      ).toThrow('inside');
      await expect(withExplanationMode(m, async () => Promise.reject(new Error('later')))).rejects.toThrow(
        'later',
      );
      expect(modes(m)).toEqual([true, false, false, false, false]);
      const seen = await withExplanationMode(m, async () => modes(m));
      expect(seen).toEqual([true, true, true, true, true]);
      expect(modes(m)).toEqual([true, false, false, false, false]);
    });

    it('rejects a mode that is not a boolean', () => {
      expect(() => explanationMode(nestedModel(), 'on' as never)).toThrow(
        /explanationMode: on must be true or false/,
      );
    });
  },
  CPU_ONLY,
);
