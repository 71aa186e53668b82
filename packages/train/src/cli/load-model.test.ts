import '@bcos/backend';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackends } from '@bcos/backend/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { saveModel } from '../checkpoint/model-weights';
import { MODEL_INFO_FILE, writeModelInfo } from '../run/model-info';
import { tinyConvNet } from '../test-dataset';
import { loadTrainedModel } from './load-model';

const info = { classNames: ['a', 'b', 'c'], imageShape: [8, 8, 3], encoding: 'rgb', loss: 'crossentropy' };

/** The fields of model.json and bcos-model.json that the tests edit. */
interface SavedJson {
  modelTopology: { config: { layers: { name: string; config: Record<string, unknown> }[] } };
  weightsManifest: { weights?: { name: string; shape: number[] }[] }[];
  imageShape?: number[];
  classNames: string[];
}

describeBackends('loading a trained model', ({ name }) => {
  let root: string;
  let saved: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), `bcos-load-model-${name}-`));
    saved = join(root, 'saved');
    const model = tinyConvNet();
    await saveModel(model, saved);
    model.dispose();
    await writeModelInfo(saved, info as Parameters<typeof writeModelInfo>[1]);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** A copy of the saved model with `file` (JSON) edited by `edit`; resolves with the load error. */
  async function loadEdited(label: string, file: string, edit: (json: SavedJson) => void): Promise<string> {
    const dir = join(root, label);
    await cp(saved, dir, { recursive: true });
    const json = JSON.parse(await readFile(join(dir, file), 'utf8'));
    edit(json);
    await writeFile(join(dir, file), JSON.stringify(json));
    return loadTrainedModel(dir).then(
      ({ model }) => {
        model.dispose();
        return 'loaded';
      },
      (error: Error) => error.message,
    );
  }

  const layer = (json: SavedJson, layerName: string) =>
    json.modelTopology.config.layers.find((l) => l.name === layerName)!;

  it('loads the model as saved', async () => {
    expect(await loadEdited('as-saved', MODEL_INFO_FILE, () => {})).toBe('loaded');
  });

  it('names model.json when its layer config, weight shapes or manifest are wrong', async () => {
    const file = (label: string) => join(root, label, 'model.json');
    expect(
      await loadEdited('no-kernel-size', 'model.json', (j) => delete layer(j, 'conv').config.kernel_size),
    ).toMatch(new RegExp(`^${file('no-kernel-size')}: cannot load the model \\(.*kernel`));
    const swapped = await loadEdited('swapped', 'model.json', (j) => {
      j.weightsManifest[0]!.weights!.find((w) => w.name === 'fc/kernel')!.shape.reverse();
    });
    expect(swapped).toMatch(new RegExp(`^${file('swapped')}: cannot load the model \\(.*[Ss]hape`));
    expect(
      await loadEdited('no-manifest', 'model.json', (j) => {
        j.weightsManifest = undefined as never;
      }),
    ).toBe(
      `${file('no-manifest')} lists no weights (no weightsManifest): a topology without trained weights`,
    );
    expect(await loadEdited('no-weights', 'model.json', (j) => delete j.weightsManifest[0]!.weights)).toBe(
      `${file('no-weights')}: weightsManifest[0].weights must be an array of weight specs`,
    );
  });

  it('refuses --class-names for a model whose bcos-model.json names its classes', async () => {
    await expect(loadTrainedModel(saved, 'names.json')).rejects.toThrow(
      `--class-names names.json: ${join(saved, MODEL_INFO_FILE)} names the model's classes already`,
    );
  });

  it('names bcos-model.json when it lacks fields or does not fit the model', async () => {
    const file = (label: string) => join(root, label, MODEL_INFO_FILE);
    expect(await loadEdited('no-shape', MODEL_INFO_FILE, (j) => delete j.imageShape)).toMatch(
      new RegExp(`^${file('no-shape')} is not a valid model description: imageShape: `),
    );
    expect(await loadEdited('four-classes', MODEL_INFO_FILE, (j) => j.classNames.push('d'))).toBe(
      `${join(root, 'four-classes', 'model.json')}: the model has 3 outputs, but bcos-model.json names 4 classes`,
    );
  });
});
