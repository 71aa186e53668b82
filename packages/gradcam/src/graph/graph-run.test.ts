import { describeBackends, expectAllClose, expectNoLeaks } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@bcos/backend';
import { expect, it } from 'vitest';
import {
  batchNormModel,
  nestedResidualModel,
  randomImages,
  residualModel,
  residualParts,
} from '../test-models';
import { GraphRun } from './graph-run';
import { locateLayer } from './locate-layer';

describeBackends(
  'GraphRun',
  () => {
    it('reproduces predict() for functional, nested, Sequential and wrapped Sequential models with batch norm', async () => {
      const parts = residualParts();
      const input = tfl.input({ shape: [8, 8, 3] });
      const wrapped = tfl.model({
        inputs: input,
        outputs: batchNormModel().apply(input) as tfl.SymbolicTensor,
        name: 'wrapped',
      });
      const models = [residualModel(parts), nestedResidualModel(parts), batchNormModel(), wrapped];
      const x = randomImages(3);
      for (const model of models) {
        const expected = model.predict(x) as tf.Tensor;
        await expectNoLeaks(async () => {
          const actual = tf.tidy(() => new GraphRun(model, [x]).outputs()[0]!);
          await expectAllClose(actual, expected, { atol: 1e-6, label: model.name });
          actual.dispose();
        });
        expected.dispose();
      }
      x.dispose();
    });

    it('reads a layer output inside a nested model as the flat model computes it', async () => {
      const parts = residualParts();
      const flat = residualModel(parts);
      const nested = nestedResidualModel(parts);
      const x = randomImages(2);
      const [fromFlat, fromNested] = tf.tidy(() => [
        new GraphRun(flat, [x]).valueAt(locateLayer(flat, parts.inner)),
        new GraphRun(nested, [x]).valueAt(locateLayer(nested, parts.inner)),
      ]);
      expect(locateLayer(nested, parts.inner).path.map((call) => call.container.name)).toEqual(['block']);
      await expectAllClose(fromNested!, fromFlat!, { atol: 1e-6 });
      tf.dispose([x, fromFlat!, fromNested!]);
    });

    it('recomputes only what depends on a replaced tensor, keeping the skip connection', async () => {
      const parts = residualParts();
      const model = residualModel(parts);
      const x = randomImages(2);
      const location = locateLayer(model, parts.inner);
      const [replaced, expected] = tf.tidy(() => {
        const run = new GraphRun(model, [x]);
        const stem = run.valueAt(locateLayer(model, parts.stemRelu));
        const zeros = tf.zerosLike(run.valueAt(location));
        run.replace(location, zeros);
        // With the inner branch zeroed the block passes relu(stem) = stem on.
        const byHand = parts.fc.apply(parts.pool.apply(parts.head.apply(stem))) as tf.Tensor;
        return [run.outputs()[0]!, byHand];
      });
      await expectAllClose(replaced!, expected!, { atol: 1e-6 });
      tf.dispose([x, replaced!, expected!]);
    });

    it('forks: each fork replaces on its own, from the rows it takes, and leaves its parent as it was', async () => {
      const parts = residualParts();
      for (const model of [residualModel(parts), nestedResidualModel(parts)]) {
        const x = randomImages(2);
        const location = locateLayer(model, parts.inner);
        const rows = [1, 1, 0];
        const [fromForks, expected, parentOutput, unchanged] = tf.tidy(() => {
          const run = new GraphRun(model, [x]);
          const inner = run.valueAt(location);
          const doubled = run.fork();
          doubled.replace(location, tf.mul(inner, 2));
          const zeroed = run.fork(rows);
          zeroed.replace(location, tf.zeros([rows.length, ...inner.shape.slice(1)]));
          const fromForks = tf.concat([doubled.outputs()[0]!, zeroed.outputs()[0]!]);
          // The same by new runs: the doubled inner output, and the rows' own images with it zeroed.
          const byHand = new GraphRun(model, [x]);
          byHand.replace(location, tf.mul(inner, 2));
          const rowsRun = new GraphRun(model, [tf.gather(x, rows)]);
          rowsRun.replace(location, tf.zeros([rows.length, ...inner.shape.slice(1)]));
          const expected = tf.concat([byHand.outputs()[0]!, rowsRun.outputs()[0]!]);
          return [fromForks, expected, run.outputs()[0]!, new GraphRun(model, [x]).outputs()[0]!];
        });
        await expectAllClose(fromForks!, expected!, { atol: 1e-6, label: model.name });
        await expectAllClose(parentOutput!, unchanged!, { atol: 0, label: model.name });
        tf.dispose([x, fromForks!, expected!, parentOutput!, unchanged!]);
        model.dispose();
      }
    });
  },
  { backends: ['cpu', 'wasm'] },
);
