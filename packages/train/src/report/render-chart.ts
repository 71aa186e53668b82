import { join } from 'node:path';
import { writeFileAtomic } from '@bcos/backend/node';
import sharp from 'sharp';
import type { TopLevelSpec } from 'vega-lite';

/** File names of one chart, relative to the report folder. */
export interface ChartFiles {
  svg: string;
  png: string;
}

/**
 * Renders a vega-lite spec headless to SVG, rasterises it with sharp, and writes both.
 * vega and vega-lite are ESM-only with top-level await: imported here, on first use, so that
 * `require('@bcos/train')` works.
 */
export async function renderChart(spec: TopLevelSpec, directory: string, name: string): Promise<ChartFiles> {
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = await sharp(Buffer.from(svg), { density: 144 }).png().toBuffer();
    const files = { svg: `${name}.svg`, png: `${name}.png` };
    await writeFileAtomic(join(directory, files.svg), svg);
    await writeFileAtomic(join(directory, files.png), new Uint8Array(png));
    return files;
  } finally {
    view.finalize();
  }
}
