import type { backend_util } from '@tensorflow/tfjs-core';

/** Channel runs shorter than this are copied element by element; longer ones with `set`. */
const BULK_COPY_MIN = 16;

/**
 * Writes the patches of images [first, first + count) of the NHWC input `x` as rows of `col`
 * ([count·outH·outW, kH·kW·inC], row-major, zero where the window leaves the padded input).
 */
export function fillIm2col(
  x: Float32Array,
  col: Float32Array,
  info: backend_util.Conv2DInfo,
  first: number,
  count: number,
): void {
  const { inHeight, inWidth, inChannels: c, outHeight, outWidth } = info;
  const {
    filterHeight: kh,
    filterWidth: kw,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const rowLength = kh * kw * c;
  let dst = 0;
  for (let b = first; b < first + count; b++) {
    const imageBase = b * inHeight * inWidth * c;
    for (let oh = 0; oh < outHeight; oh++) {
      const ih0 = oh * strideHeight - top;
      for (let ow = 0; ow < outWidth; ow++) {
        const iw0 = ow * strideWidth - left;
        for (let i = 0; i < kh; i++) {
          const ih = ih0 + i * dilationHeight;
          if (ih < 0 || ih >= inHeight) {
            col.fill(0, dst, dst + kw * c);
            dst += kw * c;
            continue;
          }
          const rowBase = imageBase + ih * inWidth * c;
          for (let j = 0; j < kw; j++) {
            const iw = iw0 + j * dilationWidth;
            if (iw < 0 || iw >= inWidth) {
              col.fill(0, dst, dst + c);
            } else if (c >= BULK_COPY_MIN) {
              const src = rowBase + iw * c;
              col.set(x.subarray(src, src + c), dst);
            } else {
              const src = rowBase + iw * c;
              for (let k = 0; k < c; k++) col[dst + k] = x[src + k]!;
            }
            dst += c;
          }
        }
      }
    }
  }
  if (dst !== count * outHeight * outWidth * rowLength) throw new Error('im2col: row count mismatch');
}
