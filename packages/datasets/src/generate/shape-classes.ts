import { difference, disc, polygon, rect, type Shape, union } from './raster';

/** One class of the shapes dataset, drawn around the origin within radius 1 (√2·0.85 for squares). */
export interface ShapeClass {
  name: string;
  shape: Shape;
  /** Two-colour texture in local coordinates: true takes the object colour, false the second colour. */
  pattern?: (u: number, v: number) => boolean;
}

function regular(corners: number, radius: number, innerRadius = radius): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  const steps = innerRadius === radius ? corners : 2 * corners;
  for (let i = 0; i < steps; i++) {
    const r = i % 2 === 1 && steps !== corners ? innerRadius : radius;
    const a = -Math.PI / 2 + (2 * Math.PI * i) / steps;
    points.push([r * Math.cos(a), r * Math.sin(a)]);
  }
  return points;
}

const band = (value: number, width: number) => Math.floor(value / width + 1000) % 2 === 0;

export const SHAPE_CLASSES: readonly ShapeClass[] = [
  { name: 'disc', shape: disc(0, 0, 1) },
  { name: 'square', shape: rect(-0.8, -0.8, 0.8, 0.8) },
  { name: 'triangle', shape: polygon(regular(3, 1.1)) },
  { name: 'ring', shape: difference(disc(0, 0, 1), disc(0, 0, 0.55)) },
  { name: 'plus', shape: union(rect(-1, -0.3, 1, 0.3), rect(-0.3, -1, 0.3, 1)) },
  { name: 'star', shape: polygon(regular(5, 1.1, 0.45)) },
  { name: 'striped_disc', shape: disc(0, 0, 1), pattern: (u) => band(u, 0.4) },
  {
    name: 'checkered_square',
    shape: rect(-0.8, -0.8, 0.8, 0.8),
    pattern: (u, v) => band(u, 0.4) === band(v, 0.4),
  },
  { name: 'tee', shape: union(rect(-1, -1, 1, -0.45), rect(-0.28, -0.45, 0.28, 1)) },
  { name: 'frame', shape: difference(rect(-0.85, -0.85, 0.85, 0.85), rect(-0.42, -0.42, 0.42, 0.42)) },
];

/** Radius around the origin that holds every class shape. */
export const SHAPE_EXTENT = 1.25;
