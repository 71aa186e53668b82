/** Builds safetensors bytes in tests (never shipped: the package's `files` exclude test-*). */
export interface RawTensor {
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

export function float32Tensor(shape: number[], values: ArrayLike<number>): RawTensor {
  return { dtype: 'F32', shape, bytes: new Uint8Array(Float32Array.from(values).buffer) };
}

export function encodeSafetensors(
  tensors: Record<string, RawTensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  const header: Record<string, unknown> = metadata ? { __metadata__: metadata } : {};
  let offset = 0;
  for (const [name, tensor] of Object.entries(tensors)) {
    header[name] = {
      dtype: tensor.dtype,
      shape: tensor.shape,
      data_offsets: [offset, offset + tensor.bytes.length],
    };
    offset += tensor.bytes.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const tensor of Object.values(tensors)) {
    out.set(tensor.bytes, at);
    at += tensor.bytes.length;
  }
  return out;
}
