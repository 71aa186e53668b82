import '@bcos/backend';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOnce } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../checkpoint/model-weights';
import { exploreCommand } from '../cli/explore-command';
import { writeModelInfo } from '../run/model-info';
import { tinyBcosNet, tinyConvNet } from '../test-dataset';
import { exploredModel } from './explored-model';
import type { ExplorerConfig } from './page/explorer-config';

/** Runs bcos-explore in this process; resolves with its address and the promise that ends with it. */
async function startCommand(argv: string[], assets: string) {
  let address!: (url: string) => void;
  const url = new Promise<string>((done) => {
    address = done;
  });
  const ended = exploreCommand(argv, { assets, log: (line) => address(line.match(/http:\S+/)![0]) });
  return { url: await Promise.race([url, ended.then(() => '')]), ended };
}

describe('bcos-explore', () => {
  let root: string;
  let assets: string;
  beforeAll(async () => {
    await startOnce('cpu');
    await tf.setBackend('cpu');
    root = await mkdtemp(join(tmpdir(), 'bcos-explore-'));
    assets = join(root, 'assets');
    await mkdir(assets);
    await writeFile(join(assets, 'index.html'), '<!doctype html>');
    // A bcos-train run's layout: model/ with bcos-model.json, report/images with gallery inputs and explanations.
    const run = join(root, 'run');
    const bcos = tinyBcosNet();
    await saveModel(bcos, join(run, 'model'));
    bcos.dispose();
    await writeModelInfo(join(run, 'model'), {
      classNames: ['red', 'green', 'blue'],
      imageShape: [8, 8, 3],
      encoding: 'bcos',
      loss: 'bce',
    });
    await mkdir(join(run, 'report', 'images'), { recursive: true });
    for (const file of [
      'first-0.png',
      'misclassified-12.png',
      'misclassified-12-gradcam.png',
      'first-0-bcos.png',
    ])
      await writeFile(join(run, 'report', 'images', file), 'png');
    const plain = tinyConvNet({ classes: 4 });
    await saveModel(plain, join(root, 'plain'));
    plain.dispose();
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("serves a run's model with its test images and stops on SIGINT", async () => {
    const { url, ended } = await startCommand([join(root, 'run'), join(root, 'plain')], assets);
    const config = (await (await fetch(`${url}explorer.json`)).json()) as ExplorerConfig;
    expect(config.models.map((m) => [m.name, m.format, m.url, m.info.encoding, m.info.classNames])).toEqual([
      ['run', 'layers', 'models/0/model.json', 'bcos', ['red', 'green', 'blue']],
      ['plain', 'layers', 'models/1/model.json', 'rgb', ['class 0', 'class 1', 'class 2', 'class 3']],
    ]);
    expect(config.models[1]!.info.imageShape).toEqual([8, 8, 3]);
    expect(config.images.map((image) => image.name)).toEqual(['first-0.png', 'misclassified-12.png']);
    expect((await fetch(`${url}models/1/model.json`)).status).toBe(200);
    process.emit('SIGINT');
    await ended;
    await expect(fetch(`${url}explorer.json`)).rejects.toThrow();
  });

  it('stops by itself after idleMs without a request', async () => {
    let url = '';
    await exploreCommand([join(root, 'plain')], {
      assets,
      idleMs: 300,
      log: (line) => {
        url = line.match(/http:\S+/)![0];
      },
    });
    await expect(fetch(url)).rejects.toThrow();
  });

  it('describes a model at a URL from its bcos-model.json', async () => {
    const { url, ended } = await startCommand([join(root, 'run', 'model'), '--images', root], assets);
    try {
      const model = await exploredModel(`${url}models/0/model.json`);
      expect([model.format, model.url, model.directory]).toEqual([
        'layers',
        `${url}models/0/model.json`,
        undefined,
      ]);
      expect(model.info.classNames).toEqual(['red', 'green', 'blue']);
      const config = (await (await fetch(`${url}explorer.json`)).json()) as ExplorerConfig;
      expect(config.images.map((image) => image.name)).toContain('run/report/images/first-0-bcos.png');
    } finally {
      process.emit('SIGTERM');
      await ended;
    }
  });

  it('offers a GraphModel described by a bcos-model.json, and asks for one when it has no signature', async () => {
    const graph = join(root, 'graph');
    await cp(
      fileURLToPath(new URL('../../../gradcam/test-fixtures/mobile-residual', import.meta.url)),
      graph,
      {
        recursive: true,
      },
    );
    await expect(exploredModel(graph)).rejects.toThrow(
      /a GraphModel without a signature; describe it with a bcos-model.json/,
    );
    const info = {
      classNames: ['a', 'b', 'c'],
      imageShape: [8, 8, 3],
      encoding: 'rgb',
      loss: 'crossentropy',
    };
    await writeFile(join(graph, 'bcos-model.json'), JSON.stringify(info));
    const model = await exploredModel(join(graph, 'model.json'));
    expect([model.name, model.format, model.directory, model.info]).toEqual(['graph', 'graph', graph, info]);
  });

  it('names the argument that is wrong', async () => {
    await expect(exploreCommand([join(root, 'missing')], { assets })).rejects.toThrow(/missing: not found/);
    await expect(exploreCommand([root], { assets })).rejects.toThrow(/no model.json/);
    await expect(exploreCommand([], { assets })).rejects.toThrow('MODEL is required');
    await expect(exploreCommand([join(root, 'plain')], { assets: root })).rejects.toThrow(/not built/);
    await expect(exploreCommand([join(root, 'plain'), '--port', 'x'], { assets })).rejects.toThrow(/--port/);
  });
});
