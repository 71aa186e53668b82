import type { Sharp } from 'sharp';
import { DatasetFormatError } from '../errors';

export type Size = number | { width: number; height: number };

/** How a stored image becomes a dataset image: a centre crop, then a resize. */
export interface ImageGeometry {
  /** Centre crop (square side, or width × height) taken from the stored image first. */
  crop?: Size;
  /** Output size (square side, or width × height); resized without distortion (cover, centred). */
  size?: Size;
}

export function sizeOf(size: Size, what: string): { width: number; height: number } {
  const box = typeof size === 'number' ? { width: size, height: size } : size;
  for (const side of [box.width, box.height]) {
    if (!Number.isInteger(side) || side < 1)
      throw new Error(`${what} must be positive integers, got ${JSON.stringify(size)}`);
  }
  return box;
}

/** [height, width] of the images the geometry produces, or undefined when it keeps the stored size. */
export function geometryShape(geometry: ImageGeometry): [number, number] | undefined {
  const box = geometry.size ?? geometry.crop;
  if (box === undefined) return undefined;
  const { width, height } = sizeOf(box, geometry.size ? 'size' : 'crop');
  return [height, width];
}

/** Adds the crop and resize of `geometry` to a sharp pipeline whose input is width × height. */
export function applyGeometry(
  pipeline: Sharp,
  [height, width]: readonly [number, number],
  geometry: ImageGeometry,
  file: string,
): Sharp {
  if (geometry.crop !== undefined) {
    const crop = sizeOf(geometry.crop, 'crop');
    if (crop.width > width || crop.height > height) {
      throw new DatasetFormatError(
        file,
        undefined,
        `crop ${crop.width}×${crop.height} is larger than the image, ${width}×${height}`,
      );
    }
    const left = Math.floor((width - crop.width) / 2);
    const top = Math.floor((height - crop.height) / 2);
    pipeline = pipeline.extract({ left, top, width: crop.width, height: crop.height });
  }
  if (geometry.size !== undefined) {
    const size = sizeOf(geometry.size, 'size');
    pipeline = pipeline.resize(size.width, size.height, { fit: 'cover', position: 'centre' });
  }
  return pipeline;
}
