import {
  describeBackends,
  describeWithSystemPart,
  expectAllClose,
  expectNoLeaks,
} from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import type * as tfl from '@tensorflow/tfjs-layers';
import { it } from 'vitest';
import {
  extendedFixture,
  extendedFixtureMissing,
  extendedFixtureModel,
  nestedTensor,
} from '../test-extended-fixture';
import { deepFeatureFactorization } from './deep-feature-factorization';

/** sklearn ran NMF in float32 (we run float64) and stopped at max_iter unconverged; the README allows a loose match, this one holds 1e-4. */
const LOOSE = { atol: 1e-4, rtol: 1e-4 };

describeWithSystemPart('extended pytorch-grad-cam fixture', extendedFixtureMissing, () => {
  const fixture = extendedFixture();

  describeBackends('Deep Feature Factorization parity with pytorch-grad-cam', () => {
    for (const config of ['A', 'B'] as const) {
      it(`${config}: concepts, explanations and concept outputs match loosely`, async () => {
        const reference = fixture.dff[config]!;
        const model = extendedFixtureModel('multiclass');
        const x = nestedTensor(fixture.x) as tf.Tensor4D;
        const fc = model.getLayer('fc') as tfl.layers.Layer;
        await expectNoLeaks(async () => {
          const result = await deepFeatureFactorization(model, x, {
            layer: reference.target_layer,
            components: reference.n_components,
            init: {
              w: (reference.nmf_W_init as number[][]).flat(),
              h: (reference.nmf_H_init as number[][]).flat(),
            },
            ...(reference.concept_outputs
              ? { computationOnConcepts: (c) => fc.apply(c) as tf.Tensor2D }
              : {}),
          });
          await expectAllClose(result.concepts, reference.concepts as number[], {
            ...LOOSE,
            label: 'concepts',
          });
          await expectAllClose(result.explanations, reference.explanations as number[], {
            ...LOOSE,
            label: 'explanations',
          });
          if (reference.concept_outputs) {
            await expectAllClose(result.conceptOutputs!, reference.concept_outputs as number[], {
              ...LOOSE,
              label: 'concept outputs',
            });
          }
          tf.dispose([result.concepts, result.explanations, result.conceptOutputs ?? []]);
        });
        x.dispose();
        model.dispose();
      });
    }
  });
});
