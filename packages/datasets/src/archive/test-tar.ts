import { gzipSync } from 'node:zlib';

/** Test helper: a ustar archive (with end-of-archive blocks) of the given files, optionally gzipped. */
export function makeTar(files: Record<string, Uint8Array | string>, { gzip = false } = {}): Uint8Array {
  const blocks: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (const [path, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? encoder.encode(content) : content;
    const header = new Uint8Array(512);
    header.set(encoder.encode(path), 0);
    header.set(encoder.encode('0000644\0'), 100);
    header.set(encoder.encode('0000000\0'), 108);
    header.set(encoder.encode('0000000\0'), 116);
    header.set(encoder.encode(`${data.length.toString(8).padStart(11, '0')}\0`), 124);
    header.set(encoder.encode('00000000000\0'), 136);
    header[156] = '0'.charCodeAt(0);
    header.set(encoder.encode('ustar\x0000'), 257);
    header.fill(0x20, 148, 156);
    const sum = header.reduce((total, byte) => total + byte, 0);
    header.set(encoder.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    blocks.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  const tar = Buffer.concat(blocks);
  return new Uint8Array(gzip ? gzipSync(tar) : tar);
}
