import { type BackendContext, describeBackends, expectAllClose } from '@bcos/backend/testing';
import { explain } from '@bcos/layers';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bcosResnet18 } from './bcos-resnet18';
import { loadTorchWeights } from './load-torch-weights';
import { readSafetensors } from './read-safetensors';
import { outputsOf } from './test-models';
import {
  OFFICIAL_FIXTURES,
  type OfficialFixture,
  type OfficialReference,
  officialReference,
} from './test-official-fixture';
import { expectCloseToScale, maxAbs, PARITY_TOLERANCE, REFERENCE_FLOAT32_NOISE } from './test-tolerance';

/**
 * The fixtures hold the official model's exact float32 outputs. Logits before the bias are held to
 * 1e-4 relative each; logits (the bias −log 9 cancels in some), W(x) and W(x)·x to 1e-4 of the
 * largest |logit − bias| or |value|.
 */
interface Scope {
  fixtures: readonly OfficialFixture[];
  images: number;
  title: string;
}

/**
 * Software Vulkan (SwiftShader, as in CI) runs a forward pass of these models in seconds of CPU, so
 * there the suite checks the cheapest model, the ImageNet stem at 64×64 (its widest stage is 16×16;
 * the CIFAR stem's is 32×32), on its first image.
 */
function scopeOn(backend: BackendContext): Scope {
  if (backend.name === 'webgpu' && backend.info().software) {
    const imagenet = OFFICIAL_FIXTURES.filter((fixture) => fixture.options.stem === 'imagenet');
    return {
      fixtures: imagenet,
      images: 1,
      title: ' (software adapter: first image; the CIFAR-stem model runs on cpu and wasm)',
    };
  }
  return { fixtures: OFFICIAL_FIXTURES, images: 2, title: '' };
}

describeBackends('official B-cos v2 ResNet-18 parity', (backend) => {
  const scope = scopeOn(backend);
  for (const fixture of scope.fixtures) {
    describe(`${fixture.name}${scope.title}`, () => {
      let model: LayersModel;
      let reference: OfficialReference;
      let x6: tf.Tensor4D;
      beforeAll(async () => {
        reference = await officialReference(fixture);
        model = bcosResnet18(fixture.options);
        await loadTorchWeights(model, await readSafetensors(fixture.safetensors), { mapping: 'bcos-v2' });
        x6 = tf.tensor4d(reference.x6.slice(0, scope.images));
      });
      afterAll(() => {
        model.dispose();
        x6.dispose();
      });

      it('logits and logits before the bias match the official model', async () => {
        const [beforeBias, logits] = outputsOf(model, x6, ['avgpool', 'logit_layer']) as [
          tf.Tensor,
          tf.Tensor,
        ];
        const rows = (values: number[][]) => values.slice(0, scope.images).flat();
        const expectedBeforeBias = rows(reference.logits_before_bias);
        await expectAllClose(beforeBias, expectedBeforeBias, {
          rtol: PARITY_TOLERANCE,
          atol: REFERENCE_FLOAT32_NOISE * maxAbs(expectedBeforeBias),
          label: 'logits − bias',
        });
        await expectCloseToScale(logits, rows(reference.logits), 'logits', maxAbs(expectedBeforeBias));
        expect((await tf.argMax(logits, 1).data())[0]).toBe(reference.explained_class);
        tf.dispose([beforeBias, logits]);
      });

      it('W(x) and W(x)·x from explain() match the official explain(); Σ W(x)·x is the logit − bias', async () => {
        const first = tf.slice(x6, [0], [1]);
        const explanation = await explain(model, first, { classIndex: reference.explained_class });
        await expectCloseToScale(
          explanation.weights,
          reference.dynamic_linear_weights_first_image.flat(3),
          'W(x)',
        );
        await expectCloseToScale(
          explanation.contributions,
          reference.contribution_map_first_image.flat(2),
          'W(x)·x',
        );
        const linear = tf.sum(explanation.contributions);
        const explained = reference.logits_before_bias[0]![reference.explained_class]!;
        await expectAllClose(linear, explained, { rtol: PARITY_TOLERANCE, atol: 0, label: 'Σ W(x)·x' });
        tf.dispose([
          first,
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
