import {
  describeBackends,
  describeWithSystemPart,
  expectAllClose,
  expectNoLeaks,
} from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { it } from 'vitest';
import { GradCAM } from '../engine/grad-cam';
import { rawScoresOutputTarget } from '../targets/target-functions';
import type { CamTargets } from '../targets/targets';
import {
  extendedFixture,
  extendedFixtureMissing,
  extendedFixtureModel,
  type Nested,
  nestedTensor,
} from '../test-extended-fixture';
import { deprocessImage, guidedBackprop, guidedGradCam } from './guided-backprop';

const CLOSE = { atol: 1e-4, rtol: 1e-4 };

describeWithSystemPart('extended pytorch-grad-cam fixture', extendedFixtureMissing, () => {
  const fixture = extendedFixture();
  const runs = fixture.guided_backprop;

  describeBackends('guided backpropagation parity with pytorch-grad-cam', () => {
    const cases: Array<[string, 'multiclass' | 'binary', CamTargets | undefined]> = [
      ['multiclass', 'multiclass', runs.multiclass!.target_category as number[]],
      ['multiclass[target_category=None]', 'multiclass', undefined],
      ['binary', 'binary', rawScoresOutputTarget()],
    ];
    for (const [name, head, targets] of cases) {
      it(`${name} gradients match`, async () => {
        const model = extendedFixtureModel(head);
        const x = nestedTensor(fixture.x) as tf.Tensor4D;
        await expectNoLeaks(async () => {
          const gb = await guidedBackprop(model, x, { targets });
          await expectAllClose(gb, runs[name]!.gb as Nested as number[], { ...CLOSE, label: `${name} gb` });
          if (runs[name]!.gb_deprocessed) {
            const shown = deprocessImage(gb);
            await expectAllClose(shown, runs[name]!.gb_deprocessed as number[], {
              atol: 1,
              rtol: 0,
              label: 'deprocessed',
            });
            shown.dispose();
          }
          gb.dispose();
        });
        x.dispose();
        model.dispose();
      });
    }

    for (const [name, layer] of [
      ['guided_gradcam_A', 'relu3'],
      ['guided_gradcam_B', 'block'],
    ] as const) {
      it(`${name} matches`, async () => {
        const model = extendedFixtureModel('multiclass');
        const x = nestedTensor(fixture.x) as tf.Tensor4D;
        await expectNoLeaks(async () => {
          const gb = await guidedBackprop(model, x, { targets: fixture.targets });
          const result = await new GradCAM(model, { layer }).compute(x, { targets: fixture.targets });
          const camGb = guidedGradCam(result.cams, gb);
          await expectAllClose(camGb, runs[name]!.cam_gb as number[], { ...CLOSE, label: `${name} cam_gb` });
          const shown = deprocessImage(camGb);
          await expectAllClose(shown, runs[name]!.cam_gb_deprocessed as number[], {
            atol: 1,
            rtol: 0,
            label: 'deprocessed',
          });
          tf.dispose([gb, result.cams, result.raw, result.logits, camGb, shown]);
        });
        x.dispose();
        model.dispose();
      });
    }
  });
});
