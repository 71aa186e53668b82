/**
 * Bounds how many asynchronous tasks run at once. One limiter is shared by every `get()` of a
 * dataset, so prefetching several batches never puts more decodes in flight than the limit.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`concurrency must be an integer ≥ 1, got ${limit}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  /** Runs `task` for every item, at most `limit` at a time, and waits for all of them. */
  async forEach<T>(items: ArrayLike<T>, task: (item: T, position: number) => Promise<void>): Promise<void> {
    const runs: Promise<void>[] = [];
    for (let i = 0; i < items.length; i++) runs.push(this.run(() => task(items[i]!, i)));
    await Promise.all(runs);
  }
}
