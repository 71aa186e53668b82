import '@bcos/backend';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalize } from '@bcos/augment';
import { writePng } from '@bcos/backend/node';
import { describeWithSystemPart, expectAllClose, requireAll, startOnce } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bundleBrowserPage } from '../../../../browser-page.shared';
import { saveModel } from '../checkpoint/model-weights';
import { exploreCommand } from '../cli/explore-command';
import { loadExplainedModel } from '../cli/load-model';
import { pipelineFor } from '../cli/model-input';
import { train } from '../loop/train';
import type { ModelInfo } from '../run/model-info';
import { writeModelInfo } from '../run/model-info';
import { syntheticDataset, tinyBcosNet, tinyConvNet } from '../test-dataset';
import { explainImage } from './page/explain-image';
import type { LastExplanation } from './page/explorer-hook';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
];
/** Screenshots land here (runs/ is git-ignored). */
const OUTPUT = fileURLToPath(new URL('../../../../runs/test-output/explorer/', import.meta.url));
const SIDE = 16;

type Read = Omit<LastExplanation, 'map' | 'pixels'> & { map: number[]; pixels: number[] };

/** Saves a briefly trained model as bcos-train does: `<run>/model` with its bcos-model.json, test images in `<run>/report/images`. */
async function writeRun(run: string, model: LayersModel, info: ModelInfo): Promise<void> {
  const data = syntheticDataset({ size: 24, side: SIDE });
  await train({
    model,
    data: { train: data },
    loss: info.loss,
    optimizer: { name: 'adam', lr: 0.01 },
    epochs: 2,
    batchSize: 8,
    progress: null,
    ...(info.normalize
      ? { augment: normalize(info.normalize), evalTransform: normalize(info.normalize) }
      : {}),
  });
  await saveModel(model, join(run, 'model'));
  await writeModelInfo(join(run, 'model'), info);
  const { images } = await data.get([0, 1, 2]);
  const pixels = SIDE * SIDE * 3;
  for (const i of [0, 1, 2])
    await writePng(join(run, 'report', 'images', `first-${i}.png`), {
      data: images.subarray(i * pixels, (i + 1) * pixels),
      width: SIDE,
      height: SIDE,
      channels: 3,
    });
}

describeWithSystemPart(
  'bcos-explore in headless Chromium',
  () => (existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium)`),
  () => {
    let root: string;
    let url: string;
    let stopped: Promise<void>;
    let browser: BrowserContext;
    let page: Page;
    const errors: string[] = [];

    beforeAll(async () => {
      await startOnce('cpu');
      await tf.setBackend('cpu');
      root = await mkdtemp(join(tmpdir(), 'bcos-explorer-browser-'));
      const classNames = ['red', 'green', 'blue'];
      const imageShape: [number, number, number] = [SIDE, SIDE, 3];
      await writeRun(join(root, 'bcos'), tinyBcosNet({ side: SIDE }), {
        classNames,
        imageShape,
        encoding: 'bcos',
        loss: 'bce',
      });
      await writeRun(join(root, 'plain'), tinyConvNet({ side: SIDE }), {
        classNames,
        imageShape,
        encoding: 'rgb',
        loss: 'crossentropy',
        normalize: { mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.3] },
      });
      const assets = join(root, 'page');
      await bundleBrowserPage({
        entry: fileURLToPath(new URL('./page/main.ts', import.meta.url)),
        html: fileURLToPath(new URL('./page/index.html', import.meta.url)),
        outDir: assets,
        fromSources: true,
      });
      let address!: (line: string) => void;
      const printed = new Promise<string>((done) => {
        address = done;
      });
      // A tensorflowjs_converter GraphModel (11×11 images, 4 classes) described by a bcos-model.json.
      const graph = join(root, 'graph');
      await cp(
        fileURLToPath(new URL('../../../gradcam/test-fixtures/inception-mini', import.meta.url)),
        graph,
        {
          recursive: true,
        },
      );
      const graphInfo = {
        classNames: ['a', 'b', 'c', 'd'],
        imageShape: [11, 11, 3],
        encoding: 'rgb',
        loss: 'crossentropy',
      };
      await writeFile(join(graph, 'bcos-model.json'), JSON.stringify(graphInfo));
      stopped = exploreCommand([join(root, 'bcos'), join(root, 'plain'), graph], { assets, log: address });
      url = (await printed).match(/http:\S+/)![0];
      browser = await chromium.launchPersistentContext(await mkdtemp(join(root, 'profile-')), {
        executablePath: CHROMIUM,
        args: ARGS,
        headless: true,
        viewport: { width: 1200, height: 760 },
      });
      page = await browser.newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(url);
      await page.waitForFunction(
        () => window.bcosExplorer?.ready && window.bcosExplorer.computed >= 1,
        null,
        {
          timeout: 60_000,
        },
      );
    });
    afterAll(async () => {
      await browser?.close();
      process.emit('SIGTERM');
      await stopped;
      await rm(root, { recursive: true, force: true });
    });

    /** Runs `action` on the page and waits for the explanation it causes; fails on the page's error. */
    async function explained(action: () => Promise<unknown>): Promise<Read> {
      const before = await page.evaluate(() => window.bcosExplorer.computed);
      await action();
      await page.waitForFunction(
        (n) => window.bcosExplorer.computed > n || window.bcosExplorer.error !== undefined,
        before,
        { timeout: 60_000 },
      );
      const read = await page.evaluate(() => {
        const { error, last } = window.bcosExplorer;
        return {
          error,
          last: last && { ...last, map: Array.from(last.map), pixels: Array.from(last.pixels) },
        };
      });
      expect(read.error).toBeUndefined();
      return read.last as Read;
    }

    /** The same explanation computed in Node (cpu) through the same function, from the bytes the page used. */
    async function expectSameInNode(read: Read): Promise<void> {
      const { model, info } = await loadExplainedModel(
        join(root, read.model, read.model === 'graph' ? '' : 'model'),
      );
      const [height, width] = info.imageShape;
      const batch = tf.tensor4d(read.pixels, [1, height, width, 3], 'int32');
      const shown = tf.div(tf.tensor3d(read.pixels, [height, width, 3], 'float32'), 255) as tf.Tensor3D;
      try {
        const expected = await explainImage(model, pipelineFor(info), batch, shown, read);
        expect(read.shape).toEqual(expected.shape);
        await expectAllClose(read.map, expected.map, {
          atol: 1e-4,
          rtol: 0,
          label: `${read.method} of ${read.model} on ${read.backend}`,
        });
      } finally {
        tf.dispose([batch, shown]);
        model.dispose();
      }
    }

    it('offers the browser backends; wasm, webgl and webgpu (where an adapter exists) match Node', async () => {
      const backends = await page.evaluate(() => window.bcosExplorer.backends);
      expect(backends).toEqual(expect.arrayContaining(['webgl', 'wasm', 'cpu']));
      if (!backends.includes('webgpu') && requireAll())
        throw new Error(
          'BCOS_REQUIRE_ALL=1: Chromium offers no WebGPU adapter (software Vulkan, SwiftShader)',
        );
      for (const backend of ['wasm', 'webgl', 'webgpu'].filter((b) => backends.includes(b))) {
        const switched = await explained(() => page.selectOption('#backend', backend));
        expect([switched.backend, switched.model, switched.method]).toEqual([backend, 'bcos', 'bcos']);
        await explained(() => page.selectOption('#images', { index: 1 }));
        await explained(() => page.selectOption('#class', '2'));
        const bcos = await explained(() => page.selectOption('#method', 'bcos'));
        expect([bcos.classIndex, bcos.method]).toEqual([2, 'bcos']);
        await expectSameInNode(bcos);
        await explained(() => page.selectOption('#method', 'gradcam++'));
        const cam = await explained(() => page.selectOption('#layer', ['conv']));
        expect([cam.method, cam.layers, cam.classIndex]).toEqual(['gradcam++', ['conv'], 2]);
        await expectSameInNode(cam);
      }
    });

    it('explains an uploaded PNG and a plain model, side by side in the strip', async () => {
      await explained(() => page.selectOption('#backend', 'wasm'));
      const upload = join(root, 'upload.png');
      const data = Uint8Array.from({ length: 40 * 40 * 3 }, (_, i) =>
        i % 3 === 1 && i < 1800 ? 230 : (i * 37) % 200,
      );
      await writePng(upload, { data, width: 40, height: 40, channels: 3 });
      const uploaded = await explained(() => page.setInputFiles('#upload', upload));
      expect(uploaded.model).toBe('bcos');
      await expectSameInNode(uploaded);
      await page.click('#add');
      await explained(() => page.selectOption('#model', '1'));
      const methods = await page.$$eval('#method option', (options) =>
        options.map((o) => o.getAttribute('value')),
      );
      expect(methods).not.toContain('bcos');
      expect(methods).toEqual(expect.arrayContaining(['gradcam', 'gradcam++', 'scorecam', 'layercam']));
      const layers = await page.$$eval('#layer option', (options) => options.map((o) => o.textContent));
      expect(layers.some((text) => /^conv \(Conv2D\) \[., 16, 16, 8\]$/.test(text ?? ''))).toBe(true);
      const cam = await explained(() => page.selectOption('#method', 'layercam'));
      expect([cam.model, cam.method]).toEqual(['plain', 'layercam']);
      await expectSameInNode(cam);
      await page.click('#add');
      expect(await page.$$eval('#strip figure', (figures) => figures.length)).toBe(2);
      const graphCam = await explained(() => page.selectOption('#model', '2'));
      expect([graphCam.model, graphCam.method, graphCam.shape]).toEqual(['graph', 'gradcam', [11, 11]]);
      await expectSameInNode(graphCam);
      await explained(() => page.selectOption('#model', '1'));

      // Every canvas is drawn: more than one colour on each.
      const colours = await page.$$eval('canvas', (canvases) =>
        (canvases as HTMLCanvasElement[]).map((canvas) => {
          const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
          return new Set(
            Array.from({ length: data.length / 4 }, (_, i) => data.slice(4 * i, 4 * i + 3).join()),
          ).size;
        }),
      );
      expect(colours).toHaveLength(4);
      for (const count of colours) expect(count).toBeGreaterThan(2);
      await mkdir(OUTPUT, { recursive: true });
      const screenshot = join(OUTPUT, 'explorer.png');
      await page.screenshot({ path: screenshot });
      expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
      expect(errors).toEqual([]);
    });

    it('refuses `..` from the page too (an encoded slash keeps the browser from normalising it away)', async () => {
      const status = await page.evaluate(
        async () => (await fetch('/models/0/..%2f..%2fplain/model/model.json')).status,
      );
      expect(status).toBe(403);
    });
  },
);
