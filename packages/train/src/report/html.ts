import { formatNumber, formatPercent } from '../logging/format';
import type { EpochRecord } from '../loop/epoch-record';
import type { PhaseMetrics } from '../metrics/metric-totals';
import type { GalleryItem } from './gallery';
import type { ChartFiles } from './render-chart';

export interface ReportPage {
  title: string;
  history: readonly EpochRecord[];
  classNames: readonly string[];
  /** Which data the confusion matrix and galleries come from, e.g. "test (CIFAR-10 test, 10000 images)". */
  evaluatedOn: string;
  metrics: PhaseMetrics;
  charts: {
    loss?: ChartFiles;
    accuracy?: ChartFiles;
    lr?: ChartFiles;
    confusion: ChartFiles;
    perClass: ChartFiles;
  };
  /** The dataset's first images, in order (none: no section). */
  first?: GalleryItem[];
  misclassified: GalleryItem[];
  correct: GalleryItem[];
  gradcamMethod?: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; } td, th { padding: 0.25rem 0.6rem; border-bottom: 1px solid #eee; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; } .charts img { max-width: 100%; border: 1px solid #eee; }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 1rem; }
figure { margin: 0; padding: 0.5rem; border: 1px solid #ddd; border-radius: 4px; }
figure .pictures { display: flex; gap: 4px; } figure img { width: 96px; height: 96px; image-rendering: pixelated; }
figcaption { font-size: 12px; } .wrong { color: #b00; } .small { color: #666; font-size: 12px; }
`;

function chart(files: ChartFiles | undefined, alt: string): string {
  return files ? `<a href="${files.svg}"><img src="${files.png}" alt="${escapeHtml(alt)}"></a>` : '';
}

function historyTable(history: readonly EpochRecord[]): string {
  const cell = (m: PhaseMetrics | undefined) =>
    m ? `<td>${formatNumber(m.loss)}</td><td>${formatPercent(m.accuracy)}</td>` : '<td>–</td><td>–</td>';
  const rows = history.map(
    (r) =>
      `<tr><td>${r.epoch}</td>${cell(r.train)}${cell(r.val)}${cell(r.test)}<td>${r.lr.toExponential(2)}</td><td>${r.imagesPerSecond.toFixed(1)}</td></tr>`,
  );
  return `<table><thead><tr><th>epoch</th><th>train loss</th><th>train acc</th><th>val loss</th><th>val acc</th><th>test loss</th><th>test acc</th><th>lr</th><th>img/s</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function galleryFigure(
  item: GalleryItem,
  classNames: readonly string[],
  gradcamMethod: string | undefined,
): string {
  const name = (c: number) => escapeHtml(classNames[c] ?? String(c));
  const picture = (src: string | undefined, alt: string) =>
    src ? `<img src="${src}" alt="${alt}" title="${alt}">` : '';
  const wrong = item.label !== item.predicted;
  return `<figure><div class="pictures">${picture(item.image, 'image')}${picture(item.gradcam, gradcamMethod ?? 'Grad-CAM')}${picture(item.bcos, 'B-cos explanation')}${picture(item.contributions, 'contribution map')}</div>
<figcaption>#${item.index}: true <b>${name(item.label)}</b>, predicted <b class="${wrong ? 'wrong' : ''}">${name(item.predicted)}</b> (${formatPercent(item.confidence)})</figcaption></figure>`;
}

function gallery(title: string, items: GalleryItem[], page: ReportPage, note: string): string {
  if (items.length === 0) return `<h2>${title}</h2><p>None.</p>`;
  const figures = items.map((item) => galleryFigure(item, page.classNames, page.gradcamMethod)).join('\n');
  return `<h2>${title}</h2><p class="small">${note}</p><div class="gallery">${figures}</div>`;
}

function pictureLegend(page: ReportPage, items: GalleryItem[]): string {
  const parts = ['image'];
  if (items.some((i) => i.gradcam)) parts.push(`${page.gradcamMethod ?? 'Grad-CAM'} of the predicted class`);
  if (items.some((i) => i.bcos))
    parts.push('B-cos explanation W(x) of the predicted class', 'contribution map (red +, blue −)');
  return `Each row: ${parts.join(', ')}.`;
}

/** The report's index.html: static, self-contained apart from its own pictures, all linked relatively. */
export function reportHtml(page: ReportPage): string {
  const { metrics } = page;
  const perClassRows = page.classNames
    .map(
      (name, c) =>
        `<tr><td>${escapeHtml(name)}</td><td>${formatPercent(metrics.perClassAccuracy[c])}</td><td>${metrics.confusion[c]?.reduce((a, b) => a + b, 0) ?? 0}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(page.title)}</h1>
<p>Evaluated on ${escapeHtml(page.evaluatedOn)}: loss ${formatNumber(metrics.loss)}, accuracy <b>${formatPercent(metrics.accuracy)}</b> over ${metrics.count} images.</p>
<h2>Training curves</h2>
<div class="charts">${chart(page.charts.loss, 'loss per epoch')}${chart(page.charts.accuracy, 'accuracy per epoch')}${chart(page.charts.lr, 'learning rate per epoch')}</div>
${page.history.length ? historyTable(page.history) : '<p>No training history.</p>'}
<h2>Confusion matrix and per-class accuracy</h2>
<div class="charts">${chart(page.charts.confusion, 'confusion matrix')}${chart(page.charts.perClass, 'per-class accuracy')}</div>
<table><thead><tr><th>class</th><th>accuracy</th><th>images</th></tr></thead><tbody>${perClassRows}</tbody></table>
${page.first?.length ? gallery('First images', page.first, page, `The first ${page.first.length} images in dataset order, each with the predicted class and its probability. ${pictureLegend(page, page.first)}`) : ''}
${gallery('Misclassified', page.misclassified, page, `Most confident mistakes first. ${pictureLegend(page, page.misclassified)}`)}
${page.correct.length ? gallery('Correctly classified', page.correct, page, `Most confident first. ${pictureLegend(page, page.correct)}`) : ''}
</body></html>
`;
}
