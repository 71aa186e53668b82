import { relative } from 'node:path';
import { percent, type RunResults } from '@bcos/example-shared';
import type { GalleryRow } from './comparison';

export interface ModelSummary {
  label: string;
  results: RunResults;
}

export interface LocalisationSummary {
  label: string;
  /** Mean share of positive attribution inside the masks. */
  maskShare: number;
  /** Share of images whose map peaks inside the mask. */
  pointingGame: number;
}

export interface DemoPage {
  directory: string;
  models: ModelSummary[];
  localisation: LocalisationSummary[];
  /** Mean mask area: the score of an evenly spread map. */
  maskArea: number;
  images: number;
  classNames: readonly string[];
  gallery: GalleryRow[];
  seconds: number;
  /** The bcos-explore command that opens both models in the browser. */
  explore: string;
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; } td, th { padding: 0.3rem 0.7rem; border-bottom: 1px solid #eee; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.row { display: flex; gap: 6px; align-items: flex-start; margin-bottom: 0.8rem; }
.row figure { margin: 0; text-align: center; font-size: 11px; color: #555; width: 112px; }
.row img { width: 112px; height: 112px; image-rendering: pixelated; display: block; }
.small { color: #666; font-size: 12px; }
pre { background: #f4f4f4; padding: 0.5rem 0.8rem; }
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function modelRows(page: DemoPage): string {
  return page.models
    .map(({ label, results }) => {
      const perClass = page.classNames.map(
        (name) => `<td>${percent(results.test.perClassAccuracy[name], 1)}</td>`,
      );
      const report = results.report ? `<a href="${relative(page.directory, results.report)}">report</a>` : '';
      return `<tr><td>${escapeHtml(label)}</td><td>${results.trainableParameters.toLocaleString('en-US')}</td><td><b>${percent(results.test.accuracy, 1)}</b></td>${perClass.join('')}<td>${report}</td></tr>`;
    })
    .join('');
}

function localisationRows(page: DemoPage): string {
  const rows = page.localisation.map(
    (l) =>
      `<tr><td>${escapeHtml(l.label)}</td><td><b>${percent(l.maskShare, 1)}</b></td><td>${percent(l.pointingGame, 1)}</td></tr>`,
  );
  rows.push(
    `<tr><td class="small">an evenly spread map (the masks' mean area)</td><td>${percent(page.maskArea, 1)}</td><td>${percent(page.maskArea, 1)}</td></tr>`,
  );
  return rows.join('');
}

function galleryRow(row: GalleryRow, page: DemoPage): string {
  const figure = (src: string, caption: string) =>
    `<figure><img src="${src}" alt="${escapeHtml(caption)}"><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
  const maps = row.maps.map((src, m) =>
    figure(src, `${page.localisation[m]!.label}: ${percent(row.maskShare[m], 0)} inside`),
  );
  const label = page.classNames[row.label] ?? String(row.label);
  return `<div class="row">${figure(row.image, `#${row.index} ${label}`)}${figure(row.mask, 'mask')}${figure(row.bcos, 'B-cos explanation W(x)')}${maps.join('')}</div>`;
}

/** The demo's index.html: headline numbers, localisation table, explanations side by side, links to both reports. */
export function demoPageHtml(page: DemoPage): string {
  const classHeads = page.classNames.map((name) => `<th>${escapeHtml(name)}</th>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>@bcos demo</title><style>${STYLE}</style></head>
<body>
<h1>B-cos vs. LayerNorm ResNet-18 on generated faces (label: Male)</h1>
<p class="small">Generated in ${page.seconds.toFixed(0)} s. The faces' <i>Male</i> attribute is carried only by hair shape, beard and moustache; skin, hair colour, glasses, smile, pose, light and background vary independently. The generator's masks of those features are the ground truth the explanations are scored against.</p>
<h2>Test accuracy</h2>
<table><thead><tr><th>model</th><th>parameters</th><th>accuracy</th>${classHeads}<th></th></tr></thead><tbody>${modelRows(page)}</tbody></table>
<p class="small">Each report has the training curves, the confusion matrix, per-class accuracy, the misclassified images with Grad-CAM and, for the B-cos model, its explanations of misclassified and correct images.</p>
<h2>Explore in your browser</h2>
<p>This page is a static file; to explain your own images with both models, every CAM method at any layer and the B-cos explanation, computed live in your browser (WebGPU, WebGL or WASM), run from the folder the demo ran in:</p>
<pre>${escapeHtml(page.explore)}</pre>
<p class="small">and open the address it prints (it serves on 127.0.0.1 only, until Ctrl-C).</p>
<h2>Localisation against the masks (${page.images} test images both models classify correctly, true class explained)</h2>
<table><thead><tr><th>explanation</th><th>positive attribution inside the mask</th><th>pointing game (peak inside the mask)</th></tr></thead><tbody>${localisationRows(page)}</tbody></table>
<h2>Explanations side by side</h2>
<p class="small">Image; mask (lightened, the rest dimmed); the B-cos model's explanation (colours of W(x) where it contributes positively); then each scored map: B-cos contributions (red +, blue −) and Grad-CAM overlays.</p>
${page.gallery.map((row) => galleryRow(row, page)).join('\n')}
</body></html>
`;
}
