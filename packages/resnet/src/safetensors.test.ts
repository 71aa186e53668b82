import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSafetensors } from './read-safetensors';
import { parseSafetensors } from './safetensors';
import { bfloat16ToFloat, halfToFloat } from './safetensors-dtypes';
import { encodeSafetensors, float32Tensor, type RawTensor } from './test-safetensors';

const FIXTURE = fileURLToPath(
  new URL('../../../fixtures/official-bcos-resnet/bcos_resnet18_w16_cifar_positionnorm', import.meta.url),
);

/** A tensor from a typed array in the host's byte order (little-endian on every platform Node runs on). */
function typedTensor(
  dtype: string,
  shape: number[],
  values: Float64Array | Uint16Array | BigInt64Array,
): RawTensor {
  return { dtype, shape, bytes: new Uint8Array(values.buffer) };
}

describe('readSafetensors', () => {
  it("reads the official fixture's header: every name and shape of its state_dict", async () => {
    const file = await readSafetensors(`${FIXTURE}.safetensors`);
    const reference = JSON.parse(await readFile(`${FIXTURE}.json`, 'utf8')) as {
      state_dict_shapes: Record<string, number[]>;
    };
    const shapes = Object.fromEntries([...file.entries].map(([name, entry]) => [name, entry.shape]));
    expect(shapes).toEqual(reference.state_dict_shapes);
    const conv1 = file.read('conv1.linear.weight');
    expect(conv1.length).toBe(16 * 6 * 3 * 3);
    expect(conv1.every(Number.isFinite)).toBe(true);
  });

  it('names the path of a file it cannot read', async () => {
    await expect(readSafetensors('/nonexistent/weights.safetensors')).rejects.toThrow(
      /cannot read safetensors file \/nonexistent\/weights.safetensors/,
    );
  });
});

describe('parseSafetensors dtypes', () => {
  it('decodes F32, F64, F16, BF16 and I64 to float32, little-endian', () => {
    const bytes = encodeSafetensors(
      {
        f32: float32Tensor([2], [1.5, -2.25]),
        f64: typedTensor('F64', [2], Float64Array.of(0.1, -3)),
        f16: typedTensor('F16', [5], Uint16Array.of(0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00)),
        bf16: typedTensor('BF16', [2], Uint16Array.of(0x3f80, 0xc040)),
        i64: typedTensor('I64', [], BigInt64Array.of(-7n)),
      },
      { format: 'pt' },
    );
    const file = parseSafetensors(bytes);
    expect(file.metadata).toEqual({ format: 'pt' });
    expect([...file.read('f32')]).toEqual([1.5, -2.25]);
    expect([...file.read('f64')]).toEqual([Math.fround(0.1), -3]);
    expect([...file.read('f16')]).toEqual([1, -2, 65504, 2 ** -24, Number.POSITIVE_INFINITY]);
    expect([...file.read('bf16')]).toEqual([1, -3]);
    expect([...file.read('i64')]).toEqual([-7]);
    expect(file.entries.get('i64')?.shape).toEqual([]);
  });

  it('converts half-precision NaN and negative zero', () => {
    expect(halfToFloat(0x7e00)).toBeNaN();
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(bfloat16ToFloat(0x4049)).toBeCloseTo(3.140625, 6);
  });

  it('rejects reading a dtype that is no float weight, naming the tensor and the dtype', () => {
    const file = parseSafetensors(
      encodeSafetensors({ mask: { dtype: 'U8', shape: [3], bytes: new Uint8Array(3) } }),
      'x.safetensors',
    );
    expect(() => file.read('mask')).toThrow(
      "x.safetensors: tensor 'mask' has dtype U8, which does not convert to float32 weights (supported: F32, F64, F16, BF16, I64)",
    );
    expect(() => file.read('other')).toThrow("x.safetensors: no tensor named 'other'");
  });
});

describe('parseSafetensors rejects malformed files', () => {
  const valid = encodeSafetensors({ a: float32Tensor([2], [1, 2]), b: float32Tensor([1], [3]) });

  function withHeader(header: unknown, dataBytes: number): Uint8Array {
    const json = new TextEncoder().encode(JSON.stringify(header));
    const out = new Uint8Array(8 + json.length + dataBytes);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    return out;
  }

  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['a file shorter than the length field', new Uint8Array(5), /fewer than the 8-byte header length/],
    [
      'a header length beyond the file',
      (() => {
        const bytes = valid.slice();
        new DataView(bytes.buffer).setBigUint64(0, BigInt(bytes.length), true);
        return bytes;
      })(),
      /header length \d+ exceeds the \d+ bytes/,
    ],
    [
      'a header that is no JSON',
      (() => {
        const bytes = valid.slice();
        bytes[8] = 0x7a;
        return bytes;
      })(),
      /the header is not UTF-8 JSON/,
    ],
    ['a JSON array header', withHeader([1], 0), /the header is not a JSON object/],
    [
      'an unknown dtype',
      withHeader({ a: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, 16),
      /tensor 'a' has an unknown dtype "F128"/,
    ],
    [
      'a negative dimension',
      withHeader({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4),
      /tensor 'a' has an invalid shape \[-1\]/,
    ],
    [
      'reversed offsets',
      withHeader({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, 4),
      /tensor 'a' has invalid data_offsets \[4,0\]/,
    ],
    [
      'a size that disagrees with the shape',
      withHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, 4),
      /tensor 'a' \(F32 \[2\]\) needs 8 bytes, its data_offsets span 4/,
    ],
    [
      'overlapping tensors',
      withHeader(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] },
        },
        8,
      ),
      /tensor 'b' starts at data offset 4, expected 8/,
    ],
    [
      'trailing bytes',
      withHeader({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, 12),
      /the tensors cover 4 data bytes, but the file holds 12/,
    ],
    [
      'string-valued metadata only',
      withHeader({ __metadata__: { n: 1 } }, 0),
      /__metadata__ must map strings to strings/,
    ],
  ];
  for (const [what, bytes, message] of cases) {
    it(`rejects ${what}`, () => {
      expect(() => parseSafetensors(bytes, 'bad.safetensors')).toThrow(message);
    });
  }

  it('names the source in its errors', () => {
    expect(() => parseSafetensors(new Uint8Array(3), 'my.safetensors')).toThrow(
      /^my.safetensors is not a valid safetensors file/,
    );
  });
});
