import { type BackendContext, describeBackends, describeWithSystemPart } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { loadTorchWeights } from './load-torch-weights';
import { readSafetensors } from './read-safetensors';
import { resnet18 } from './resnet18';
import { outputsOf } from './test-models';
import { expectCloseToScale, maxAbs } from './test-tolerance';
import {
  missingTorchvisionFixtures,
  TORCHVISION_FIXTURES,
  type TorchvisionFixture,
  type TorchvisionReference,
  torchvisionReference,
} from './test-torchvision-fixture';

/**
 * Grad-CAM at layer4.1 of image 0, from the stored layer4 output A (as the fixture's was): the
 * weights are the mean over h, w of ∂logit/∂A through our avgpool and fc, the map Σ_c weight_c·A_c.
 */
function gradCamFromLayer4(model: LayersModel, layer4: tf.Tensor4D, classIndex: number): tf.Tensor[] {
  const [pool, fc] = [model.getLayer('avgpool'), model.getLayer('fc')];
  const logit = (activations: tf.Tensor) =>
    tf.sum(tf.slice(fc.apply(pool.apply(activations)) as tf.Tensor2D, [0, classIndex], [1, 1]));
  return tf.tidy(() => {
    const weights = tf.mean(tf.grad(logit)(layer4), [0, 1, 2]);
    return [weights, tf.sum(tf.mul(layer4, weights), 3)];
  });
}

/**
 * On software Vulkan (SwiftShader, as in CI) a full-width ResNet-18 forward pass costs seconds of CPU
 * per image, so there the suite checks the 10-class model on its first image.
 */
function scopeOn(backend: BackendContext): {
  fixtures: readonly TorchvisionFixture[];
  images: number;
  title: string;
} {
  if (backend.name === 'webgpu' && backend.info().software) {
    return {
      fixtures: TORCHVISION_FIXTURES.slice(0, 1),
      images: 1,
      title: ' (software adapter: first image; the 1,000-class model runs on cpu and wasm)',
    };
  }
  return { fixtures: TORCHVISION_FIXTURES, images: 2, title: '' };
}

describeWithSystemPart('torchvision ResNet-18 state_dicts (../shared)', missingTorchvisionFixtures, () => {
  describeBackends('torchvision ResNet-18 parity', (backend) => {
    const scope = scopeOn(backend);
    for (const fixture of scope.fixtures) {
      describe(`${fixture.name}${scope.title}`, () => {
        let model: LayersModel;
        let reference: TorchvisionReference;
        beforeAll(async () => {
          reference = await torchvisionReference(fixture);
          model = resnet18(fixture.options);
          await loadTorchWeights(model, await readSafetensors(fixture.safetensors), {
            mapping: 'torchvision',
          });
        });
        afterAll(() => model.dispose());

        it("logits, each within 1e-4 of the image's largest |logit − fc bias|, and the layer4 output", async () => {
          const x = tf.tensor4d(reference.x.slice(0, scope.images));
          const [logits, layer4] = outputsOf(model, x, ['fc', 'layer4.1']) as [tf.Tensor2D, tf.Tensor4D];
          const rows = (await logits.array()) as number[][];
          const bias = await model.getLayer('fc').getWeights()[1]!.data();
          for (const [n, expected] of reference.logits.slice(0, scope.images).entries()) {
            const scale = maxAbs(expected.map((logit, c) => logit - bias[c]!));
            await expectCloseToScale(rows[n]!, expected, `logits of image ${n}`, scale);
          }
          const first = tf.slice(layer4, [0], [1]);
          await expectCloseToScale(first, reference.layer4_first_image.flat(3), 'layer4 output');
          tf.dispose([x, logits, layer4, first]);
        });

        it('Grad-CAM at layer4.1 from the stored layer4 output: channel weights and map', async () => {
          const layer4 = tf.tensor4d(reference.layer4_first_image);
          const [weights, map] = gradCamFromLayer4(model, layer4, reference.gradcam_class) as [
            tf.Tensor,
            tf.Tensor,
          ];
          await expectCloseToScale(weights, reference.gradcam_weights_first_image, 'Grad-CAM weights');
          await expectCloseToScale(map, reference.gradcam_linear_first_image.flat(2), 'Grad-CAM map');
          tf.dispose([layer4, weights, map]);
        });
      });
    }
  });
});
