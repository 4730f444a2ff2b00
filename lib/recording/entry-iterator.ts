/**
 * The reader's batches of entries as one stream of entries. Hand-written rather than an async generator: a
 * `yield` in an async generator awaits its value and resumes through the generator's queue, several promise
 * hops per entry, which over a big recording cost more than the whole reorder window. Here an entry costs the
 * one promise `for await` needs.
 *
 * Like a generator it closes the batches (and so the source) when the caller breaks out, and when reading fails.
 */
export class FlatIterator<T> implements AsyncIterableIterator<T> {
  private batch: Iterator<T> | null = null;

  constructor(private readonly batches: AsyncGenerator<Iterable<T>, void, undefined>) {}

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  async next(): Promise<IteratorResult<T, undefined>> {
    try {
      for (;;) {
        if (this.batch) {
          const item = this.batch.next();
          if (!item.done) return item;
          this.batch = null;
        }
        const next = await this.batches.next();
        if (next.done) return { done: true, value: undefined };
        this.batch = next.value[Symbol.iterator]();
      }
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async return(): Promise<IteratorResult<T, undefined>> {
    await this.close();
    return { done: true, value: undefined };
  }

  private async close(): Promise<void> {
    this.batch = null;
    await this.batches.return(undefined);
  }
}
