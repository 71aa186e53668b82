import { encode } from 'fast-png';

/** An 8-bit image in row-major HWC order. */
export interface RawImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

function checkImage(image: RawImage, what: string): void {
  const { data, width, height, channels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`${what}: width and height must be positive integers, got ${width}×${height}`);
  }
  if (data.length !== width * height * channels) {
    throw new Error(
      `${what}: expected ${width}×${height}×${channels} = ${width * height * channels} bytes, got ${data.length}`,
    );
  }
}

/** Encodes an 8-bit grey, grey+alpha, RGB or RGBA image as PNG. */
export function encodePng(image: RawImage): Uint8Array {
  checkImage(image, 'encodePng');
  const data =
    image.data instanceof Uint8Array
      ? image.data
      : new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.length);
  return encode({ width: image.width, height: image.height, data, channels: image.channels, depth: 8 });
}

/**
 * Reads an [H, W, C] image tensor into bytes: float tensors are taken as [0, 1], int tensors as
 * [0, 255]; values outside are clipped.
 */
export async function tensorToImage(tensor: {
  shape: number[];
  dtype: string;
  data(): Promise<ArrayLike<number>>;
}): Promise<RawImage> {
  if (tensor.shape.length !== 3)
    throw new Error(`tensorToImage: expected an [H, W, C] tensor, got shape [${tensor.shape}]`);
  const [height, width, channels] = tensor.shape as [number, number, number];
  if (channels < 1 || channels > 4)
    throw new Error(`tensorToImage: expected 1 to 4 channels, got ${channels}`);
  const values = await tensor.data();
  const scale = tensor.dtype === 'float32' ? 255 : 1;
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++)
    data[i] = Math.min(255, Math.max(0, Math.round(values[i]! * scale)));
  return { data, width, height, channels: channels as RawImage['channels'] };
}
