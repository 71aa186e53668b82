/** Reads exact byte counts from a stream of chunks of any size. */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private ended = false;
  /** Bytes handed out (read or skipped) so far. */
  consumed = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  private async fill(wanted: number): Promise<void> {
    while (this.buffered < wanted && !this.ended) {
      const next = await this.source.next();
      if (next.done) this.ended = true;
      else if (next.value.length > 0) {
        this.chunks.push(next.value);
        this.buffered += next.value.length;
      }
    }
  }

  /** The next `n` bytes, or fewer if the stream ends first. */
  async read(n: number): Promise<Uint8Array> {
    await this.fill(n);
    const length = Math.min(n, this.buffered);
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.chunks[0]!;
      const part = Math.min(chunk.length, length - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
      if (part === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(part);
    }
    this.buffered -= length;
    this.consumed += length;
    return out;
  }

  /** Discards up to `n` bytes without holding them all; returns how many were discarded. */
  async skip(n: number): Promise<number> {
    let skipped = 0;
    while (skipped < n) {
      const piece = await this.read(Math.min(n - skipped, 1 << 20));
      if (piece.length === 0) break;
      skipped += piece.length;
    }
    return skipped;
  }
}
