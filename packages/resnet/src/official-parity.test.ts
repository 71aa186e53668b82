import { describeBackends, expectAllClose } from '@bcos/backend/testing';
import { explain } from '@bcos/layers';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bcosResnet18 } from './bcos-resnet18';
import { loadTorchWeights } from './load-torch-weights';
import { logitsBeforeBias } from './test-models';
import { OFFICIAL_FIXTURES, type OfficialReference, officialReference } from './test-official-fixture';

const LOGIT_BIAS = -Math.log(9);
const RELATIVE = 1e-4;
/**
 * The fixture's precision: its logits are float32 numbers near the bias −log 9, so they give the
 * pre-bias value only to float32's resolution there (2^-22); W(x) is rounded to 7 decimals. Both
 * matter for the ImageNet model, whose pre-bias logits (~1e-5) and W(x) (≤ 2e-6) are tiny; there
 * Σ W(x)·x = logit − bias checks our own explanation at 1e-4.
 */
const STORED_LOGIT_RESOLUTION = 2 ** -22;
const STORED_WEIGHT_ROUNDING = 0.5e-7;

function maxAbs(values: number[]): number {
  return values.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
}

describeBackends('official B-cos v2 ResNet-18 parity', (backend) => {
  // On software Vulkan (SwiftShader) one forward pass of these width-16 models costs seconds of CPU;
  // webgpu passes there too, but the suite checks it only on a hardware adapter.
  if (backend.name === 'webgpu' && backend.info().software) {
    it.skip('webgpu parity runs on hardware adapters only', () => {});
    return;
  }
  for (const fixture of OFFICIAL_FIXTURES) {
    describe(fixture.name, () => {
      let model: LayersModel;
      let reference: OfficialReference;
      let x6: tf.Tensor4D;
      beforeAll(async () => {
        reference = await officialReference(fixture);
        model = bcosResnet18(fixture.options);
        await loadTorchWeights(model, fixture.safetensors, { mapping: 'bcos-v2' });
        x6 = tf.tensor4d(reference.x6);
      });
      afterAll(() => {
        model.dispose();
        x6.dispose();
      });

      it('logits minus the bias match the official model', async () => {
        const ours = logitsBeforeBias(model, x6);
        const theirs = reference.logits.flat().map((logit) => logit - LOGIT_BIAS);
        await expectAllClose(ours, theirs, {
          rtol: RELATIVE,
          atol: STORED_LOGIT_RESOLUTION,
          label: 'logits − bias',
        });
        const logits = model.predict(x6) as tf.Tensor;
        expect(Array.from(await tf.argMax(logits, 1).data())[0]).toBe(reference.explained_class);
        tf.dispose([ours, logits]);
      });

      it('W(x) from explain() matches the official explain(), and Σ W(x)·x the logit − bias', async () => {
        const first = tf.slice(x6, [0], [1]);
        const explanation = await explain(model, first, { classIndex: reference.explained_class });
        const theirs = reference.dynamic_linear_weights_first_image.flat(3);
        const ours = Array.from(await explanation.weights.data());
        const atol = STORED_WEIGHT_ROUNDING + RELATIVE * maxAbs(theirs);
        await expectAllClose(ours, theirs, { rtol: RELATIVE, atol, label: 'W(x)' });
        const beforeBias = logitsBeforeBias(model, first);
        const explained = (await beforeBias.data())[reference.explained_class]!;
        const linear = tf.sum(explanation.contributions);
        await expectAllClose(linear, explained, { rtol: RELATIVE, atol: 0, label: 'Σ W(x)·x' });
        tf.dispose([
          first,
          beforeBias,
          linear,
          explanation.logits,
          explanation.weights,
          explanation.contributions,
          explanation.rgba,
        ]);
      });
    });
  }
});
