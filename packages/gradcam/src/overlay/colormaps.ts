import { jetTable } from './jet';
import { INFERNO_HEX, TURBO_HEX, VIRIDIS_HEX } from './listed-colormap-data';

export const COLORMAPS = ['jet', 'turbo', 'viridis', 'inferno'] as const;
export type Colormap = (typeof COLORMAPS)[number];

const cache = new Map<Colormap, Float32Array>();

/** The 256-entry lookup table of a colour map, RGB in [0, 1], row-major [256, 3]. */
export function colormapTable(name: Colormap): Float32Array {
  let table = cache.get(name);
  if (!table) {
    table = buildTable(name);
    cache.set(name, table);
  }
  return table;
}

function buildTable(name: Colormap): Float32Array {
  switch (name) {
    case 'jet':
      return jetTable();
    case 'turbo':
      return hexTable(TURBO_HEX);
    case 'viridis':
      return hexTable(VIRIDIS_HEX);
    case 'inferno':
      return hexTable(INFERNO_HEX);
    default:
      throw new Error(`colormap: unknown colour map '${name as string}' (known: ${COLORMAPS.join(', ')})`);
  }
}

function hexTable(hex: string): Float32Array {
  const table = new Float32Array(hex.length / 2);
  for (let i = 0; i < table.length; i++) table[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16) / 255;
  return table;
}
