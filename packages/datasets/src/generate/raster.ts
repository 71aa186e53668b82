/**
 * A tiny rasteriser for the generated datasets: shapes are point-membership tests, painted with
 * 2×2 supersampling into an RGB byte canvas. Every painted pixel also records which part of the
 * picture (a small integer tag) covers it last, from which the ground-truth masks are cut.
 */
export type Rgb = readonly [number, number, number];
export type Paint = Rgb | ((x: number, y: number) => Rgb);

export interface Shape {
  /** [x0, y0, x1, y1], a box holding the shape. */
  bounds: readonly [number, number, number, number];
  contains(x: number, y: number): boolean;
}

const SAMPLE_OFFSETS = [0.25, 0.75] as const;

export class Canvas {
  /** RGB bytes; a Uint8ClampedArray so that adding light and noise saturates. */
  readonly data: Uint8ClampedArray;
  /** Tag of the part that covers each pixel last (0: none). */
  readonly tags: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8ClampedArray(width * height * 3);
    this.tags = new Uint8Array(width * height);
  }

  /** The RGB bytes as a Uint8Array view. */
  get pixels(): Uint8Array {
    return new Uint8Array(this.data.buffer, this.data.byteOffset, this.data.length);
  }

  /** Paints `shape`; pixels at least half covered take `tag`. */
  fill(shape: Shape, paint: Paint, tag = 0): void {
    const [x0, y0, x1, y1] = shape.bounds;
    const left = Math.max(0, Math.floor(x0));
    const top = Math.max(0, Math.floor(y0));
    const right = Math.min(this.width - 1, Math.ceil(x1));
    const bottom = Math.min(this.height - 1, Math.ceil(y1));
    for (let y = top; y <= bottom; y++) {
      for (let x = left; x <= right; x++) {
        let covered = 0;
        for (const dy of SAMPLE_OFFSETS)
          for (const dx of SAMPLE_OFFSETS) if (shape.contains(x + dx, y + dy)) covered++;
        if (covered > 0)
          this.blend(x, y, typeof paint === 'function' ? paint(x + 0.5, y + 0.5) : paint, covered / 4, tag);
      }
    }
  }

  /** Sets every pixel to the colour `paint` writes into `out` for it (no allocation per pixel). */
  setEach(paint: (x: number, y: number, out: number[]) => void): void {
    const color = [0, 0, 0];
    for (let y = 0, i = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++, i += 3) {
        paint(x + 0.5, y + 0.5, color);
        this.data[i] = color[0]!;
        this.data[i + 1] = color[1]!;
        this.data[i + 2] = color[2]!;
      }
    }
  }

  /** Adds `offset(x, y, channel)` to every byte, clamped to 0..255 (lighting, noise). */
  adjust(offset: (x: number, y: number, channel: number) => number): void {
    for (let y = 0, i = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        for (let c = 0; c < 3; c++, i++) this.data[i] = this.data[i]! + offset(x, y, c);
      }
    }
  }

  /** 1 where the last covering part has one of `tags`, else 0. */
  mask(tags: ReadonlySet<number>): Uint8Array {
    const mask = new Uint8Array(this.tags.length);
    for (let i = 0; i < mask.length; i++) if (tags.has(this.tags[i]!)) mask[i] = 1;
    return mask;
  }

  private blend(x: number, y: number, color: Rgb, alpha: number, tag: number): void {
    const i = (y * this.width + x) * 3;
    for (let c = 0; c < 3; c++) this.data[i + c] = this.data[i + c]! * (1 - alpha) + color[c]! * alpha;
    if (alpha >= 0.5) this.tags[y * this.width + x] = tag;
  }
}

export function ellipse(cx: number, cy: number, rx: number, ry: number, angle = 0): Shape {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const r = Math.max(rx, ry);
  return {
    bounds: [cx - r, cy - r, cx + r, cy + r],
    contains(x, y) {
      const u = ((x - cx) * cos + (y - cy) * sin) / rx;
      const v = (-(x - cx) * sin + (y - cy) * cos) / ry;
      return u * u + v * v <= 1;
    },
  };
}

export function disc(cx: number, cy: number, r: number): Shape {
  return ellipse(cx, cy, r, r);
}

/** A polygon (even-odd rule). */
export function polygon(points: ReadonlyArray<readonly [number, number]>): Shape {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return {
    bounds: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    contains(x, y) {
      let inside = false;
      for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
        const [xi, yi] = points[i]!;
        const [xj, yj] = points[j]!;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
      return inside;
    },
  };
}

export function rect(x0: number, y0: number, x1: number, y1: number): Shape {
  return { bounds: [x0, y0, x1, y1], contains: (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1 };
}

/** A segment with round ends, `halfWidth` from its axis. */
export function capsule(x0: number, y0: number, x1: number, y1: number, halfWidth: number): Shape {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const lengthSquared = dx * dx + dy * dy || 1;
  return {
    bounds: [
      Math.min(x0, x1) - halfWidth,
      Math.min(y0, y1) - halfWidth,
      Math.max(x0, x1) + halfWidth,
      Math.max(y0, y1) + halfWidth,
    ],
    contains(x, y) {
      const t = Math.max(0, Math.min(1, ((x - x0) * dx + (y - y0) * dy) / lengthSquared));
      const px = x0 + t * dx - x;
      const py = y0 + t * dy - y;
      return px * px + py * py <= halfWidth * halfWidth;
    },
  };
}

export function union(...shapes: Shape[]): Shape {
  return {
    bounds: [
      Math.min(...shapes.map((s) => s.bounds[0])),
      Math.min(...shapes.map((s) => s.bounds[1])),
      Math.max(...shapes.map((s) => s.bounds[2])),
      Math.max(...shapes.map((s) => s.bounds[3])),
    ],
    contains: (x, y) => shapes.some((s) => s.contains(x, y)),
  };
}

export function difference(shape: Shape, minus: Shape): Shape {
  return { bounds: shape.bounds, contains: (x, y) => shape.contains(x, y) && !minus.contains(x, y) };
}

export function intersection(shape: Shape, other: Shape): Shape {
  return { bounds: shape.bounds, contains: (x, y) => shape.contains(x, y) && other.contains(x, y) };
}

/** Where a shape drawn around the origin goes: scaled, rotated, then moved to (cx, cy). */
export interface Placement {
  cx: number;
  cy: number;
  scale: number;
  angle: number;
}

/** Image coordinates to the local coordinates of a placement. */
export function toLocal({ cx, cy, scale, angle }: Placement): (x: number, y: number) => [number, number] {
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return (x, y) => [((x - cx) * cos + (y - cy) * sin) / scale, (-(x - cx) * sin + (y - cy) * cos) / scale];
}

/** `local` (within radius `extent` of the origin) at `placement`. */
export function placed(local: Shape, extent: number, placement: Placement): Shape {
  const { cx, cy, scale } = placement;
  const r = extent * scale;
  const inverse = toLocal(placement);
  return {
    bounds: [cx - r, cy - r, cx + r, cy + r],
    contains: (x, y) => local.contains(...inverse(x, y)),
  };
}
