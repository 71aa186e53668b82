import { pick, type Random, uniform } from '../random';
import { addNoise, paintGradient } from './backdrop';
import { contrastingColor, randomColor, scaleColor } from './colors';
import {
  Canvas,
  capsule,
  difference,
  ellipse,
  intersection,
  type Rgb,
  rect,
  type Shape,
  union,
} from './raster';

/** What a generated face shows; `male` is carried only by hair shape and facial hair. */
export interface FaceTraits {
  male: boolean;
  bald: boolean;
  beard: boolean;
  moustache: boolean;
  glasses: boolean;
  smiling: boolean;
  hair: HairColor;
  paleSkin: boolean;
  young: boolean;
}

export type HairColor = 'black' | 'brown' | 'blond' | 'gray';

const HAIR_COLORS: Record<HairColor, Rgb> = {
  black: [32, 26, 24],
  brown: [104, 66, 40],
  blond: [214, 184, 122],
  gray: [168, 166, 162],
};

const SKIN_TONES: readonly Rgb[] = [
  [250, 222, 198],
  [238, 192, 160],
  [222, 170, 126],
  [196, 134, 70],
  [140, 86, 40],
  [96, 60, 38],
];

/** Tags of the parts whose pixels form the ground-truth mask of the Male evidence. */
export const FACE_TAGS = { hair: 1, beard: 2, moustache: 3 } as const;

export function randomTraits(random: Random): FaceTraits {
  const male = random() < 0.5;
  const bald = male && random() < 0.12;
  const hair = random() < 0.08 ? 'gray' : pick(random, ['black', 'brown', 'blond'] as const);
  return {
    male,
    bald,
    beard: male && (bald || random() < 0.5),
    moustache: male && random() < 0.5,
    glasses: random() < 0.25,
    smiling: random() < 0.5,
    hair,
    paleSkin: random() < 1 / SKIN_TONES.length,
    young: hair !== 'gray' && random() < 0.75,
  };
}

function jitter(color: Rgb, random: Random, amount: number): Rgb {
  return [
    color[0] + uniform(random, -amount, amount),
    color[1] + uniform(random, -amount, amount),
    color[2] + uniform(random, -amount, amount),
  ];
}

/** Face geometry in pixels: centre, head radii, feature positions, the unit `u` (1 at 178 px wide). */
function layout(random: Random, width: number, height: number) {
  const u = width / 178;
  const s = uniform(random, 0.9, 1.08);
  const cx = width / 2 + uniform(random, -8, 8) * u;
  const cy = height * 0.47 + uniform(random, -8, 8) * u;
  const rx = 40 * s * u;
  const ry = 52 * s * u;
  return { u, cx, cy, rx, ry, eyeY: cy - 0.12 * ry, eyeDx: 0.4 * rx, mouthY: cy + 0.52 * ry };
}

type Layout = ReturnType<typeof layout>;

function paintScene(canvas: Canvas, random: Random, { u }: Layout): void {
  paintGradient(canvas, random, randomColor(random), randomColor(random));
  const blobs = 3 + Math.floor(random() * 4);
  for (let i = 0; i < blobs; i++) {
    const shape = ellipse(
      uniform(random, 0, canvas.width),
      uniform(random, 0, canvas.height),
      uniform(random, 10, 40) * u,
      uniform(random, 8, 30) * u,
      uniform(random, 0, Math.PI),
    );
    canvas.fill(shape, randomColor(random));
  }
}

function longHair({ u, cx, cy, rx, ry }: Layout, length: number): Shape {
  return union(
    ellipse(cx, cy - 4 * u, rx + 13 * u, ry + 10 * u),
    ellipse(cx, cy + 0.55 * ry * length, rx + 16 * u, ry * length),
  );
}

function hairCap({ u, cx, cy, rx, ry }: Layout, male: boolean, random: Random): Shape {
  const hairline = cy - ry * (male ? uniform(random, 0.45, 0.55) : uniform(random, 0.25, 0.45));
  return intersection(
    ellipse(cx, cy - ry * 0.2, rx + 3 * u, ry * 0.92),
    rect(0, 0, Number.MAX_VALUE, hairline),
  );
}

function paintEyes(canvas: Canvas, random: Random, { u, cx, eyeY, eyeDx }: Layout, hair: Rgb): void {
  const iris = pick(random, [
    [70, 50, 30],
    [60, 100, 140],
    [70, 110, 70],
    [40, 30, 25],
  ] as const);
  const browThickness = uniform(random, 1.2, 2.6) * u;
  const browTilt = uniform(random, -2, 2) * u;
  for (const side of [-1, 1]) {
    const ex = cx + side * eyeDx;
    canvas.fill(ellipse(ex, eyeY, 9 * u, 5 * u), [245, 245, 240]);
    canvas.fill(ellipse(ex, eyeY, 3.8 * u, 3.8 * u), iris);
    canvas.fill(ellipse(ex, eyeY, 1.6 * u, 1.6 * u), [10, 10, 10]);
    canvas.fill(
      capsule(ex - 8 * u, eyeY - 9 * u, ex + 8 * u, eyeY - 10 * u - side * browTilt, browThickness),
      scaleColor(hair, 0.8),
    );
  }
}

function paintGlasses(canvas: Canvas, random: Random, { u, cx, eyeY, eyeDx }: Layout): void {
  const frame = pick(random, [
    [20, 20, 20],
    [90, 60, 30],
    [150, 150, 160],
  ] as const);
  for (const side of [-1, 1]) {
    const ex = cx + side * eyeDx;
    canvas.fill(difference(ellipse(ex, eyeY, 13 * u, 10 * u), ellipse(ex, eyeY, 11 * u, 8 * u)), frame);
  }
  canvas.fill(capsule(cx - eyeDx + 13 * u, eyeY, cx + eyeDx - 13 * u, eyeY, 1.2 * u), frame);
}

function paintMouthArea(
  canvas: Canvas,
  { u, cx, cy, rx, ry, mouthY }: Layout,
  traits: FaceTraits,
  hair: Rgb,
): void {
  if (traits.beard) {
    const jaw = intersection(
      ellipse(cx, cy + 0.12 * ry, rx * 1.03, ry * 0.98),
      rect(0, cy + 0.22 * ry, Number.MAX_VALUE, Number.MAX_VALUE),
    );
    canvas.fill(difference(jaw, ellipse(cx, mouthY, 12 * u, 5.5 * u)), hair, FACE_TAGS.beard);
  }
  if (traits.moustache) canvas.fill(ellipse(cx, mouthY - 6 * u, 14 * u, 3.6 * u), hair, FACE_TAGS.moustache);
  const lips: Rgb = [170, 70, 70];
  if (traits.smiling) {
    canvas.fill(
      intersection(
        ellipse(cx, mouthY - 3 * u, 13 * u, 9 * u),
        rect(0, mouthY, Number.MAX_VALUE, Number.MAX_VALUE),
      ),
      lips,
    );
  } else {
    canvas.fill(capsule(cx - 10 * u, mouthY, cx + 10 * u, mouthY, 2 * u), lips);
  }
}

/** A brightness ramp of up to ±25 across the image in a random direction. */
function paintLight(canvas: Canvas, random: Random): void {
  const light = uniform(random, -25, 25);
  const angle = uniform(random, 0, 2 * Math.PI);
  const dx = (light * Math.cos(angle)) / canvas.width;
  const dy = (light * Math.sin(angle)) / canvas.width;
  const [cx, cy] = [canvas.width / 2, canvas.height / 2];
  canvas.adjust((x, y) => (x - cx) * dx + (y - cy) * dy);
}

/** Draws one face; returns the pixels (RGB) and the mask of hair, beard and moustache. */
export function drawFace(random: Random, traits: FaceTraits, width: number, height: number) {
  const canvas = new Canvas(width, height);
  const at = layout(random, width, height);
  const { u, cx, cy, rx, ry } = at;
  const skin = jitter(traits.paleSkin ? SKIN_TONES[0]! : pick(random, SKIN_TONES.slice(1)), random, 8);
  const hair = jitter(HAIR_COLORS[traits.hair], random, 12);
  paintScene(canvas, random, at);
  canvas.fill(ellipse(cx, height + 25 * u, 85 * u, 70 * u), contrastingColor(random, [skin], 80));
  canvas.fill(rect(cx - 14 * u, cy + 0.6 * ry, cx + 14 * u, height), scaleColor(skin, 0.92));
  for (const side of [-1, 1]) canvas.fill(ellipse(cx + side * rx, cy, 7 * u, 11 * u), skin);
  if (!traits.male) canvas.fill(longHair(at, uniform(random, 0.7, 1.1)), hair, FACE_TAGS.hair);
  canvas.fill(ellipse(cx, cy, rx, ry), skin);
  if (!traits.bald) canvas.fill(hairCap(at, traits.male, random), hair, FACE_TAGS.hair);
  paintEyes(canvas, random, at, hair);
  canvas.fill(capsule(cx, cy + 0.02 * ry, cx + 2 * u, cy + 0.25 * ry, 2.2 * u), scaleColor(skin, 0.8));
  paintMouthArea(canvas, at, traits, hair);
  if (traits.glasses) paintGlasses(canvas, random, at);
  paintLight(canvas, random);
  addNoise(canvas, random, 6);
  return { pixels: canvas.pixels, mask: canvas.mask(new Set(Object.values(FACE_TAGS))) };
}
