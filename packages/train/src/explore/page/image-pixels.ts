/**
 * The pixels of `image` as a model of input [height, width, channels] takes them: the centre crop
 * of the model's aspect ratio (as `sharp`'s `cover` fit of bcos-explain) resized to height × width,
 * RGB bytes, or grey ones (Rec. 709 luma) for one channel.
 */
export async function modelPixels(
  image: Blob,
  [height, width, channels]: readonly [number, number, number],
): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(image, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const scale = Math.max(width / bitmap.width, height / bitmap.height);
  const [cropWidth, cropHeight] = [width / scale, height / scale];
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.imageSmoothingQuality = 'high';
  const [left, top] = [(bitmap.width - cropWidth) / 2, (bitmap.height - cropHeight) / 2];
  context.drawImage(bitmap, left, top, cropWidth, cropHeight, 0, 0, width, height);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const pixels = new Uint8Array(width * height * channels);
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = [rgba[4 * i]!, rgba[4 * i + 1]!, rgba[4 * i + 2]!];
    if (channels === 1) pixels[i] = Math.round(0.2126 * r + 0.7152 * g + 0.0722 * b);
    else pixels.set([r, g, b], 3 * i);
  }
  return pixels;
}

/** Draws an [H, W, 3] picture with values in [0, 1] (or bytes, `scale` 1) onto `canvas` at its own size. */
export function drawPicture(
  canvas: HTMLCanvasElement,
  values: ArrayLike<number>,
  [height, width, channels]: readonly number[],
  scale = 255,
): void {
  canvas.width = width!;
  canvas.height = height!;
  const image = new ImageData(width!, height!);
  for (let i = 0; i < width! * height!; i++) {
    for (let c = 0; c < 3; c++)
      image.data[4 * i + c] = values[i * channels! + (channels === 1 ? 0 : c)]! * scale;
    image.data[4 * i + 3] = 255;
  }
  canvas.getContext('2d')!.putImageData(image, 0, 0);
}
