import { existsSync } from 'node:fs';
import { isSoftwareAdapter } from '@bcos/backend';
import type { FolderServer } from '@bcos/backend/node';
import { describeWithSystemPart, expectAllClose, startOnce } from '@bcos/backend/testing';
import * as tf from '@tensorflow/tfjs-core';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { explainFixedModel, type FixedModelNumbers } from './fixed-model';
import type { PageResult } from './page';
import { servePage } from './serve-page';

const CHROMIUM = '/usr/bin/chromium';
/** WebGPU and WebGL on SwiftShader where the machine has no GPU (Debian's Chromium ships it). */
const ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const TOLERANCE = 1e-4;

function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install chromium)`;
}

let session: Promise<{ browser: Browser; server: FolderServer }> | undefined;

/** One Chromium and one page server for the file, started on first use and stopped after the last test. */
function chromiumSession(): Promise<{ browser: Browser; server: FolderServer }> {
  session ??= (async () => {
    const server = await servePage();
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    return { browser, server };
  })();
  return session;
}

afterAll(async () => {
  if (!session) return;
  const { browser, server } = await session;
  await browser.close();
  await server.close();
});

/** Why this Chromium offers no WebGPU adapter, or undefined when it does. */
async function webgpuMissing(): Promise<string | undefined> {
  const missing = chromiumMissing();
  if (missing) return missing;
  const { browser, server } = await chromiumSession();
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}?backend=cpu`);
    const adapter = await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter()));
    return adapter ? undefined : 'Chromium offers no WebGPU adapter here (no GPU, no SwiftShader Vulkan)';
  } finally {
    await page.close();
  }
}

/** What the page's WebGPU adapter and WebGL renderer say about themselves. */
async function browserGpus(browser: Browser, server: FolderServer) {
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}?backend=cpu`);
    return await page.evaluate(async () => {
      const adapter = await navigator.gpu?.requestAdapter();
      const gl = document.createElement('canvas').getContext('webgl2');
      const debug = gl?.getExtension('WEBGL_debug_renderer_info');
      // GPUAdapter.info (Chrome 114+; the bundled @webgpu/types predate it), copied: it is no plain object.
      const info = (adapter as { info?: { vendor: string; architecture: string } } | null)?.info;
      return {
        webgpu: info ? { vendor: info.vendor, architecture: info.architecture } : undefined,
        webgl:
          gl && debug ? { description: String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL)) } : undefined,
      };
    });
  } finally {
    await page.close();
  }
}

/** Loads the page with `?backend=name` in a fresh tab and returns what it computed. */
async function computeInPage(browser: Browser, server: FolderServer, backend: string): Promise<PageResult> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(`${server.url}?backend=${backend}`);
    const result = await page.evaluate(
      () => (window as unknown as { bcosResult: Promise<PageResult> }).bcosResult,
    );
    expect(errors, 'errors thrown in the page').toEqual([]);
    return result;
  } finally {
    await page.close();
  }
}

function scaled(values: number[], by: number[]): number[] {
  const scale = Math.max(...by.map(Math.abs));
  return values.map((v) => v / scale);
}

/** The page's numbers against Node's: maps in [0, 1] as they are, the others relative to their largest magnitude. */
async function expectSameNumbers(page: FixedModelNumbers, node: FixedModelNumbers, backend: string) {
  const options = (label: string) => ({ atol: TOLERANCE, rtol: 0, label: `${backend} ${label}` });
  expect(page.classIndex).toEqual(node.classIndex);
  await expectAllClose(page.logits, node.logits, options('logits'));
  await expectAllClose(
    scaled(page.contributions, node.contributions),
    scaled(node.contributions, node.contributions),
    options('contributions / max'),
  );
  await expectAllClose(page.rgba, node.rgba, options('explanation rgba'));
  await expectAllClose(page.cams, node.cams, options('Grad-CAM maps'));
  await expectAllClose(
    scaled(page.rawCams, node.rawCams),
    scaled(node.rawCams, node.rawCams),
    options('raw Grad-CAM / max'),
  );
}

describeWithSystemPart('the packages in headless Chromium', chromiumMissing, () => {
  let node: FixedModelNumbers;

  beforeAll(async () => {
    await startOnce('cpu');
    await tf.setBackend('cpu');
    node = await explainFixedModel();
  });

  for (const backend of ['wasm', 'webgl'] as const) {
    it(`explains and maps on the browser's ${backend} as Node does (≤ ${TOLERANCE})`, async () => {
      const { browser, server } = await chromiumSession();
      const result = await computeInPage(browser, server, backend);
      if ('error' in result) throw new Error(result.error);
      expect(result.backend.name).toBe(backend);
      await expectSameNumbers(result.numbers, node, backend);
    });
  }

  it('picks webgpu → webgl → wasm, skipping software GPUs, and says which', async () => {
    const { browser, server } = await chromiumSession();
    const result = await computeInPage(browser, server, 'auto');
    if ('error' in result) throw new Error(result.error);
    const gpus = await browserGpus(browser, server);
    const hardware = (['webgpu', 'webgl'] as const).find(
      (name) => gpus[name] && !isSoftwareAdapter(gpus[name]),
    );
    expect(result.backend.name).toBe(hardware ?? 'wasm');
    expect(result.backend.software).toBe(false);
    expect(result.backend.description).not.toBe('');
  });

  it('refuses tensorflow (tfjs-node) in a browser, saying why', async () => {
    const { browser, server } = await chromiumSession();
    const result = await computeInPage(browser, server, 'tensorflow');
    expect(result).toEqual({ error: expect.stringContaining('libtensorflow (tfjs-node) runs only in Node') });
  });
});

describeWithSystemPart('the packages on WebGPU in headless Chromium', webgpuMissing, () => {
  it(`explains and maps on the browser's webgpu as Node does (≤ ${TOLERANCE})`, async () => {
    await startOnce('cpu');
    await tf.setBackend('cpu');
    const node = await explainFixedModel();
    const { browser, server } = await chromiumSession();
    const result = await computeInPage(browser, server, 'webgpu');
    if ('error' in result) throw new Error(result.error);
    expect(result.backend.name).toBe('webgpu');
    await expectSameNumbers(result.numbers, node, 'webgpu');
  });
});
