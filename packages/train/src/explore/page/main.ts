import { type BackendInfo, initBackend, probeBackends } from '@bcos/backend';
import type { ExplainerName } from '@bcos/gradcam';
import * as tf from '@tensorflow/tfjs-core';
import { type ComputedExplanation, type ExplanationChoice, explainImage } from './explain-image';
import { CONFIG_PATH, type ExplorerConfig } from './explorer-config';
import { installHook } from './explorer-hook';
import { drawPicture, modelPixels } from './image-pixels';
import { classProbabilities, imageBatch, type LoadedModel, loadModel, shownImage } from './loaded-model';

const WASM_PATHS = new URL('wasm/', location.href).href;
const hook = installHook();

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  backend: element<HTMLSelectElement>('backend'),
  model: element<HTMLSelectElement>('model'),
  classes: element<HTMLSelectElement>('class'),
  method: element<HTMLSelectElement>('method'),
  layer: element<HTMLSelectElement>('layer'),
  images: element<HTMLSelectElement>('images'),
  upload: element<HTMLInputElement>('upload'),
  drop: element<HTMLDivElement>('drop'),
  add: element<HTMLButtonElement>('add'),
  input: element<HTMLCanvasElement>('input'),
  inputCaption: element<HTMLElement>('input-caption'),
  explanation: element<HTMLCanvasElement>('explanation'),
  explanationCaption: element<HTMLElement>('explanation-caption'),
  predictions: element<HTMLTableElement>('predictions'),
  strip: element<HTMLDivElement>('strip'),
  status: element<HTMLDivElement>('status'),
  error: element<HTMLDivElement>('error'),
};

let config: ExplorerConfig;
let loaded: LoadedModel | undefined;
let image: { blob: Blob; name: string } | undefined;
let pixels: Uint8Array | undefined;
let current: (ComputedExplanation & { caption: string }) | undefined;

/** Every action runs after the previous one, so that a quick succession of choices stays consistent. */
let queue: Promise<void> = Promise.resolve();
function enqueue(action: () => Promise<void>): void {
  queue = queue.then(async () => {
    try {
      await action();
      hook.error = undefined;
      ui.error.textContent = '';
    } catch (error) {
      hook.error = (error as Error).message;
      ui.error.textContent = hook.error;
      ui.status.textContent = '';
    }
  });
}

function fillSelect(
  select: HTMLSelectElement,
  options: Array<[value: string, text: string]>,
  chosen?: string,
) {
  select.replaceChildren(...options.map(([value, text]) => new Option(text, value, false, value === chosen)));
}

async function startBackend(name?: string): Promise<BackendInfo> {
  ui.status.textContent = `starting ${name ?? 'the fastest backend'}…`;
  const info = await initBackend({ backend: name, wasmPaths: WASM_PATHS });
  hook.backend = info.name;
  ui.backend.value = info.name;
  return info;
}

async function offerBackends(): Promise<void> {
  const probed = await probeBackends({ wasmPaths: WASM_PATHS });
  const started = probed.filter((p): p is BackendInfo => !(p instanceof Error));
  hook.backends = started.map((b) => b.name);
  fillSelect(
    ui.backend,
    started.map((b) => [b.name, `${b.name} (${b.description})`]),
  );
}

async function showModel(index: number): Promise<void> {
  const entry = config.models[index]!;
  ui.status.textContent = `loading ${entry.name}…`;
  const previous = loaded;
  loaded = undefined;
  previous?.model.dispose();
  loaded = await loadModel(entry);
  const last = loaded.layers.filter((l) => (l.shape[1] ?? 2) > 1 || (l.shape[2] ?? 2) > 1).at(-1)?.name;
  fillSelect(
    ui.classes,
    entry.info.classNames.map((name, i) => [String(i), name]),
  );
  fillSelect(
    ui.method,
    loaded.methods.map((m) => [m, m === 'bcos' ? 'B-cos explanation' : m]),
    loaded.methods[0],
  );
  fillSelect(
    ui.layer,
    loaded.layers.map((l) => [l.name, `${l.name} (${l.op}) [${l.shape.map((d) => d ?? '?').join(', ')}]`]),
    last,
  );
  showLayerUse();
  ui.status.textContent = `${entry.name}: ${entry.format} model, ${entry.info.classNames.length} classes, input ${entry.info.imageShape.join('×')} (${entry.info.encoding})`;
}

async function showPredictions(): Promise<void> {
  const probs = await classProbabilities(loaded!, pixels!);
  const ranked = Array.from(probs.keys())
    .sort((a, b) => probs[b]! - probs[a]!)
    .slice(0, 5);
  ui.predictions.replaceChildren(
    ...ranked.map((i) => {
      const row = ui.predictions.insertRow();
      row.insertCell().textContent = loaded!.entry.info.classNames[i]!;
      row.insertCell().textContent = probs[i]!.toFixed(3);
      const bar = row.insertCell();
      bar.className = 'bar-cell';
      bar.appendChild(document.createElement('div')).style.width = `${100 * probs[i]!}%`;
      return row;
    }),
  );
  ui.classes.value = String(ranked[0]);
}

async function showImage(): Promise<void> {
  if (!image || !loaded) return;
  const shape = loaded.entry.info.imageShape;
  pixels = await modelPixels(image.blob, shape);
  drawPicture(ui.input, pixels, shape, 1);
  ui.inputCaption.textContent = `${image.name} at ${shape[0]}×${shape[1]}`;
  await showPredictions();
  await showExplanation();
}

/** B-cos explanations and FullGrad use no layer. */
function showLayerUse(): void {
  ui.layer.disabled = ui.method.value === 'bcos' || ui.method.value === 'fullgrad';
}

function choice(): ExplanationChoice {
  return {
    classIndex: Number(ui.classes.value),
    method: ui.method.value as ExplainerName,
    layers: Array.from(ui.layer.selectedOptions, (o) => o.value),
  };
}

async function showExplanation(): Promise<void> {
  if (!image || !loaded || !pixels) return;
  const chosen = choice();
  ui.status.textContent = `explaining with ${chosen.method}…`;
  const batch = imageBatch(loaded, pixels);
  const shown = shownImage(loaded, pixels);
  try {
    const found = await explainImage(loaded.model, loaded.pipeline, batch, shown, chosen);
    const [height, width] = found.shape;
    drawPicture(ui.explanation, found.picture, [height, width, 3]);
    const layer = chosen.method === 'bcos' ? '' : ` at ${chosen.layers.join('+') || 'the default layer'}`;
    const caption = `${loaded.entry.name}: ${chosen.method} of ${loaded.entry.info.classNames[chosen.classIndex]}${layer}`;
    ui.explanationCaption.textContent = caption;
    current = { ...found, caption };
    hook.last = {
      ...chosen,
      model: loaded.entry.name,
      backend: tf.getBackend(),
      map: found.map,
      shape: found.shape,
      pixels,
    };
    hook.computed += 1;
    ui.status.textContent = `${caption} (${tf.getBackend()})`;
  } finally {
    tf.dispose([batch, shown]);
  }
}

function addToStrip(): void {
  if (!current) return;
  const figure = document.createElement('figure');
  const canvas = figure.appendChild(document.createElement('canvas'));
  drawPicture(canvas, current.picture, [...current.shape, 3]);
  figure.appendChild(document.createElement('figcaption')).textContent =
    `${current.caption} (${hook.backend})`;
  ui.strip.appendChild(figure);
}

async function chooseImage(url: string, name: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  image = { blob: await response.blob(), name };
  await showImage();
}

function listen(): void {
  ui.backend.addEventListener('change', () =>
    enqueue(async () => {
      await startBackend(ui.backend.value);
      await showModel(ui.model.selectedIndex);
      await showImage();
    }),
  );
  ui.model.addEventListener('change', () =>
    enqueue(async () => {
      await showModel(ui.model.selectedIndex);
      await showImage();
    }),
  );
  ui.images.addEventListener('change', () => {
    const chosen = config.images[ui.images.selectedIndex]!;
    enqueue(() => chooseImage(chosen.url, chosen.name));
  });
  const useFile = (file: File | undefined) => {
    if (!file) return;
    enqueue(async () => {
      image = { blob: file, name: file.name };
      await showImage();
    });
  };
  ui.upload.addEventListener('change', () => useFile(ui.upload.files?.[0]));
  ui.drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    ui.drop.classList.add('over');
  });
  ui.drop.addEventListener('dragleave', () => ui.drop.classList.remove('over'));
  ui.drop.addEventListener('drop', (event) => {
    event.preventDefault();
    ui.drop.classList.remove('over');
    useFile(event.dataTransfer?.files[0]);
  });
  ui.method.addEventListener('change', showLayerUse);
  for (const select of [ui.classes, ui.method, ui.layer])
    select.addEventListener('change', () => enqueue(showExplanation));
  ui.add.addEventListener('click', addToStrip);
}

enqueue(async () => {
  const response = await fetch(CONFIG_PATH);
  if (!response.ok) throw new Error(`${CONFIG_PATH}: HTTP ${response.status}`);
  config = (await response.json()) as ExplorerConfig;
  await offerBackends();
  await startBackend();
  fillSelect(
    ui.model,
    config.models.map((m, i) => [String(i), m.name]),
  );
  fillSelect(
    ui.images,
    config.images.map((img, i) => [String(i), img.name]),
  );
  await showModel(0);
  listen();
  hook.ready = true;
  const first = config.images[0];
  if (first) {
    ui.images.selectedIndex = 0;
    await chooseImage(first.url, first.name);
  }
});
