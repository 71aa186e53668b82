import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { FIXTURE_METHODS, fixtureModel, fixtureTensor, gradcamFixture } from '../test-fixture';
import { GradCAM } from './grad-cam';

describeBackends('parity with pytorch-grad-cam', () => {
  const fixture = gradcamFixture();

  for (const [reference, method] of Object.entries(FIXTURE_METHODS)) {
    it(`${reference} matches the reference CAMs within 1e-4`, async () => {
      const model = fixtureModel();
      const x = fixtureTensor(fixture.x) as tf.Tensor4D;
      const cam = new GradCAM(model, { layer: 'c2', method });
      await expectNoLeaks(async () => {
        const result = await cam.compute(x, { targets: fixture.targets });
        expect(result.cams.shape).toEqual([2, 12, 12]);
        await expectAllClose(
          result.cams,
          fixture.cams[reference as keyof typeof FIXTURE_METHODS] as number[],
          {
            atol: 1e-4,
            rtol: 0,
            label: reference,
          },
        );
        await expectAllClose(result.logits, fixture.logits, { label: 'logits' });
        tf.dispose([result.cams, result.raw, result.logits]);
      });
      cam.dispose();
      x.dispose();
      model.dispose();
    });
  }
});
