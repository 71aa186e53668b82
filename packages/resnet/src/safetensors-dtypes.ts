/** Bytes per element of every dtype the safetensors format defines. */
export const SAFETENSORS_DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

type Decoder = (view: DataView, byteOffset: number) => number;

/** Dtypes that convert to float32 weights without surprises; the others are rejected by name. */
const DECODERS: Readonly<Record<string, Decoder>> = {
  F32: (view, at) => view.getFloat32(at, true),
  F64: (view, at) => view.getFloat64(at, true),
  F16: (view, at) => halfToFloat(view.getUint16(at, true)),
  BF16: (view, at) => bfloat16ToFloat(view.getUint16(at, true)),
  I64: (view, at) => Number(view.getBigInt64(at, true)),
};

export const DECODABLE_DTYPES = Object.keys(DECODERS);

export function decoderFor(dtype: string): Decoder | undefined {
  return DECODERS[dtype];
}

/** IEEE 754 binary16 → number (subnormals, infinities and NaN included). */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

const bfloatScratch = new DataView(new ArrayBuffer(4));

/** bfloat16 is the upper half of a float32. */
export function bfloat16ToFloat(bits: number): number {
  bfloatScratch.setUint32(0, bits << 16);
  return bfloatScratch.getFloat32(0);
}
