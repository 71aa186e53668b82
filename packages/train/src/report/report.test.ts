import '@bcos/backend';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeWithSystemPart, startOnce } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { train } from '../loop/train';
import { syntheticDataset, tinyBcosNet, tinyConvNet } from '../test-dataset';
import { writeReport } from './write-report';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Opens the report in headless Chromium: every <img> must have loaded and the console stay clean. */
async function openInChromium(index: string, screenshot: string) {
  const profile = await mkdtemp(join(tmpdir(), 'bcos-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(index).href, { waitUntil: 'load' });
    const images = await page.$$eval('img', (all) =>
      all.map((img) => ({ src: img.getAttribute('src'), width: img.naturalWidth, complete: img.complete })),
    );
    await page.screenshot({ path: screenshot, fullPage: true });
    return { errors, images };
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
}

describeWithSystemPart(
  'report in headless Chromium',
  () => (existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium)`),
  () => {
    let root: string;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'bcos-report-'));
      await startOnce('cpu');
      await tf.setBackend('cpu');
    });
    afterAll(async () => rm(root, { recursive: true, force: true }));

    for (const kind of ['plain', 'bcos'] as const) {
      it(`${kind} model: curves, confusion matrix, per-class bars and galleries all load`, async () => {
        const data = {
          train: syntheticDataset({ size: 24 }),
          val: syntheticDataset({ size: 12, seed: 3, mislabelEvery: 4 }),
        };
        const model = kind === 'bcos' ? tinyBcosNet() : tinyConvNet();
        const { history } = await train({
          model,
          data,
          loss: kind === 'bcos' ? 'bce' : 'crossentropy',
          optimizer: { name: 'adam', lr: 0.01 },
          epochs: 2,
          batchSize: 8,
          progress: null,
        });
        const directory = join(root, kind);
        const { index } = await writeReport({
          directory,
          model,
          dataset: data.val,
          history,
          misclassified: 4,
          correct: 3,
          gradcam: { method: 'gradcam++' },
        });
        const html = await readFile(index, 'utf8');
        for (const file of [
          'loss.svg',
          'accuracy.png',
          'learning-rate.png',
          'confusion-matrix.svg',
          'per-class-accuracy.png',
        ])
          expect(html, file).toContain(file);
        expect(html).not.toMatch(/(src|href)="(\/|https?:)/);
        const screenshot = join(directory, 'screenshot.png');
        const { errors, images } = await openInChromium(index, screenshot);
        expect(errors).toEqual([]);
        expect(images.length).toBeGreaterThanOrEqual(5);
        expect(images.filter((img) => !img.complete || img.width === 0)).toEqual([]);
        expect(images.filter((img) => img.src?.includes('gradcampp')).length).toBeGreaterThan(0);
        if (kind === 'bcos')
          expect(images.filter((img) => img.src?.includes('-bcos.png')).length).toBeGreaterThan(0);
        expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
      });
    }
  },
);
