import { describeBackends, describeWithSystemPart, expectAllClose } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import '@bcos/backend';
import { expect, it } from 'vitest';
import { GradCAM } from '../engine/grad-cam';
import {
  extendedFixture,
  extendedFixtureMissing,
  extendedFixtureModel,
  fixtureTargets,
  type Nested,
  nestedTensor,
} from '../test-extended-fixture';
import { arcc } from './arcc';
import { camMultImageConfidenceChange } from './cam-mult-image';
import { noisyLinearImputation } from './noisy-linear-imputation';
import { roadScores } from './road';

const CLOSE = { atol: 1e-4, rtol: 1e-4 };
const PERCENTILES = [20, 40, 60, 80];
const LAYERS = { A: 'relu3', B: 'block', binary: 'block' } as const;

describeWithSystemPart('extended pytorch-grad-cam fixture', extendedFixtureMissing, () => {
  const fixture = extendedFixture();

  describeBackends('metrics parity with pytorch-grad-cam', () => {
    for (const config of ['A', 'B', 'binary'] as const) {
      it(`${config}: confidence change, ROAD and ARCC on the GradCAM maps match`, async () => {
        const { cams_from: from, targets: given, scores } = fixture.metrics[config]!;
        const entry = fixture.cams[from]!;
        const model = extendedFixtureModel(entry.head);
        const x = nestedTensor(fixture.x) as tf.Tensor4D;
        const cams = nestedTensor(entry.cam) as tf.Tensor3D;
        const targets = fixtureTargets(given);
        const expected = (name: string) => (scores[name] as number[]).flat(3) as number[];

        const confidence = await camMultImageConfidenceChange(model, x, cams, { targets });
        await expectAllClose(confidence.change, expected('CamMultImageConfidenceChange'), CLOSE);
        expect(confidence.drop).toEqual(confidence.change.map((c) => Math.max(-c, 0)));
        await expectAllClose(confidence.drop, expected('DropInConfidence'), CLOSE);
        expect(confidence.increase).toEqual(expected('IncreaseInConfidence'));

        const road = await roadScores(model, x, cams, { targets, percentiles: PERCENTILES, noise: 0 });
        for (const [i, p] of PERCENTILES.entries()) {
          await expectAllClose(road.mostRelevantFirst[i]!, expected(`ROADMostRelevantFirst@${p}`), CLOSE);
          await expectAllClose(road.leastRelevantFirst[i]!, expected(`ROADLeastRelevantFirst@${p}`), CLOSE);
        }
        await expectAllClose(road.mostRelevantFirstMean, expected('ROADMostRelevantFirstAverage'), CLOSE);
        await expectAllClose(road.leastRelevantFirstMean, expected('ROADLeastRelevantFirstAverage'), CLOSE);
        await expectAllClose(road.combined, expected('ROADCombined'), CLOSE);

        if (scores.ARCC) {
          const cam = new GradCAM(model, { layer: LAYERS[config] });
          let coherencyCams: Nested = [];
          const explainer = async (masked: tf.Tensor4D) => {
            const result = await cam.compute(masked, { targets });
            coherencyCams = (await result.cams.array()) as Nested;
            tf.dispose([result.raw, result.logits]);
            return result.cams;
          };
          const result = await arcc(model, x, cams, explainer, { targets, noise: 0 });
          await expectAllClose(
            (coherencyCams as number[]).flat(3) as number[],
            expected('ARCC.coherency_cams'),
            CLOSE,
          );
          await expectAllClose(result.complexity, expected('ARCC.Complexity'), CLOSE);
          await expectAllClose(result.coherency, expected('ARCC.Coherency'), CLOSE);
          await expectAllClose(result.roadScaled, expected('ARCC.road_scaled'), CLOSE);
          await expectAllClose(result.arcc, expected('ARCC'), CLOSE);
        }
        tf.dispose([x, cams]);
        model.dispose();
      });
    }

    it('A: ROAD with the recorded noise matches every noisy run', async () => {
      const noisy = fixture.road_detail.noisy as Record<string, Record<string, Nested>>;
      const entry = fixture.cams['A/GradCAM']!;
      const model = extendedFixtureModel('multiclass');
      const x = nestedTensor(fixture.x) as tf.Tensor4D;
      const cams = nestedTensor(entry.cam) as tf.Tensor3D;
      const run = (order: 'most' | 'least', p: number) => `${order === 'most' ? 'MoRF' : 'LeRF'}@${p}`;
      const road = await roadScores(model, x, cams, {
        targets: fixture.targets,
        percentiles: PERCENTILES,
        noiseSamples: (order, p) => (noisy[run(order, p)]!.noise as number[]).flat(3) as number[],
      });
      for (const [i, p] of PERCENTILES.entries()) {
        await expectAllClose(road.mostRelevantFirst[i]!, noisy[run('most', p)]!.score as number[], CLOSE);
        await expectAllClose(road.leastRelevantFirst[i]!, noisy[run('least', p)]!.score as number[], CLOSE);
      }
      tf.dispose([x, cams]);
      model.dispose();
    });
  });

  it('A: the imputed images match the recorded keep masks and imputations', () => {
    const detail = fixture.road_detail as Record<string, Record<string, Nested>>;
    const images = (fixture.x as number[][][][]).map((image) => Float32Array.from(image.flat(2)));
    for (const [run, imputed] of Object.entries(detail.imputed_x!)) {
      const masks = detail.keep_mask![run] as number[][][];
      (imputed as number[][][][]).forEach((expected, i) => {
        const keep = Uint8Array.from(masks[i]!.flat());
        const result = noisyLinearImputation(
          images[i]!,
          { height: 16, width: 16, channels: 3 },
          keep,
          0,
          () => 0,
        );
        const flat = expected.flat(2);
        const worst = Math.max(...Array.from(result, (v, j) => Math.abs(v - flat[j]!)));
        expect(worst, `${run} image ${i}`).toBeLessThan(1e-4);
      });
    }
  });
});
