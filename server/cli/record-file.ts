/** The recording file `drainscope record` writes: plain, or gzip when the name ends in `.gz`; lines in order. */
import fs from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';

export class RecordingFile {
  private readonly file: fs.WriteStream;
  private readonly out: Writable;
  private failure: Error | null = null;
  lines = 0;

  constructor(path: string) {
    // `wx` is not used: overwriting a previous run's file is what a CI job re-running a step expects.
    this.file = fs.createWriteStream(path);
    this.file.on('error', (error) => (this.failure ??= error));
    if (path.endsWith('.gz')) {
      const gzip = zlib.createGzip();
      gzip.on('error', (error) => (this.failure ??= error));
      gzip.pipe(this.file);
      this.out = gzip;
    } else {
      this.out = this.file;
    }
  }

  async opened(): Promise<void> {
    if (this.file.pending) await Promise.race([once(this.file, 'open'), once(this.file, 'error')]);
    if (this.failure) throw this.failure;
  }

  write(line: string): void {
    this.lines += 1;
    this.out.write(`${line}\n`);
  }

  /** Ends the stream and waits until every byte is in the file (the gzip trailer included). */
  async close(): Promise<void> {
    const closed = once(this.file, 'close');
    this.out.end();
    await closed;
    if (this.failure) throw this.failure;
  }
}
