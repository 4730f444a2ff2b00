/**
 * Splits a byte stream into lines without ever holding more than one chunk plus one partial line (and whatever
 * lines the caller keeps). Work is done per chunk, not per byte: newlines are found with the native `indexOf`.
 *
 * The core (`pushRaw`) yields each line as bytes, not text: the reader holds lines in its reorder window for
 * seconds of recording time, and bytes live outside the JS heap, so holding them costs the garbage collector
 * nothing, while held strings were copied by every young-generation collection until promoted (reader.ts).
 * A line is decoded, strictly, when it is needed (`decodeLine`); `push` does that at once for callers that want
 * text. Cutting at a '\n' byte is always safe: it never occurs inside a multi-byte UTF-8 sequence.
 *
 * Invariant: `carry` holds the bytes of the current, unfinished line and `carryBytes` <= MAX_LINE_BYTES.
 */
import { MAX_LINE_BYTES } from './types';
import { RecordingError } from './recording-error';

export interface SplitLine {
  /** The line without its '\n' or '\r\n'. */
  text: string;
  /** 1-based, counting every line, blank ones included. */
  line: number;
}

export interface RawLine {
  /** The line's bytes without its '\n' or '\r\n' (nor a byte order mark at the start of the file). */
  bytes: Uint8Array;
  /** 1-based, counting every line, blank ones included. */
  line: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const NUL = 0x00;
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf];
const MAX_LINE_MIB = MAX_LINE_BYTES / (1024 * 1024);

// ignoreBOM keeps a BOM in the text: only the one at the very start of the file is stripped (as bytes, in emit).
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of a line; a RecordingError naming it when its bytes are not UTF-8. */
export function decodeLine({ bytes, line }: RawLine): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw notText(line, 'it is not valid UTF-8');
  }
}

/** Receives one line: `owned[start, end)`, without its line ending, and its 1-based number. */
export type LineSink = (owned: Uint8Array, start: number, end: number, line: number) => void;

export class LineSplitter {
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  private completed = 0;
  private readonly raw: RawLine[] = [];

  /** `allocate` gives the memory lines are copied into (see pushRaw); LineWindow lends reusable chunks. */
  constructor(private readonly allocate: (size: number) => Uint8Array = (size) => new Uint8Array(size)) {}

  /** How many complete lines have been split off so far. */
  get completedLines(): number {
    return this.completed;
  }

  /** Appends the complete lines found in `chunk` to `out`, decoded; the unfinished tail is kept for the next chunk. */
  push(chunk: Uint8Array, out: SplitLine[]): void {
    this.pushRaw(chunk, this.raw);
    this.decodeAll(out);
  }

  /** Appends the last line, decoded, if the input did not end with a newline. */
  end(out: SplitLine[]): void {
    this.endRaw(this.raw);
    this.decodeAll(out);
  }

  /**
   * Appends the complete lines found in `chunk` to `out` as bytes, views of a private copy: a source may reuse
   * its chunk buffers once we hand control back, and the caller may hold lines long after.
   */
  pushRaw(chunk: Uint8Array, out: RawLine[]): void {
    this.pushSpans(chunk, (owned, start, end, line) => out.push({ bytes: owned.subarray(start, end), line }));
  }

  /** Appends the last line as bytes if the input did not end with a newline. */
  endRaw(out: RawLine[]): void {
    this.endSpans((owned, start, end, line) => out.push({ bytes: owned.subarray(start, end), line }));
  }

  /**
   * `pushRaw` without an object per line: each complete line is passed to `sink` as a range of bytes that are
   * never reused (several lines share them), so a caller can hold lines without holding objects.
   */
  pushSpans(chunk: Uint8Array, sink: LineSink): void {
    let start = 0;
    if (this.carry.length > 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.hold(chunk, 0, chunk.byteLength);
        return;
      }
      this.hold(chunk, 0, newline);
      const line = this.takeCarry();
      this.emit(line, line, sink);
      start = newline + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) {
      const lines = chunk.subarray(start, last);
      const owned = this.allocate(lines.byteLength);
      owned.set(lines);
      this.emit(lines, owned, sink);
      start = last + 1;
    }
    if (start < chunk.byteLength) this.hold(chunk, start, chunk.byteLength);
  }

  /** `endRaw` for `pushSpans`. */
  endSpans(sink: LineSink): void {
    if (this.carry.length === 0) return;
    const line = this.takeCarry();
    this.emit(line, line, sink);
  }

  private decodeAll(out: SplitLine[]): void {
    try {
      for (const raw of this.raw) out.push({ text: decodeLine(raw), line: raw.line });
    } finally {
      this.raw.length = 0;
    }
  }

  private hold(chunk: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    if (this.carryBytes + (to - from) > MAX_LINE_BYTES) throw oversized(this.completed + 1);
    // A copy (see pushRaw). Not `subarray`, which is a view, and on a Node Buffer `slice` is a view too.
    this.carry.push(new Uint8Array(chunk.subarray(from, to)));
    this.carryBytes += to - from;
  }

  private takeCarry(): Uint8Array {
    const parts = this.carry;
    this.carry = [];
    const total = this.carryBytes;
    this.carryBytes = 0;
    if (parts.length === 1 && parts[0] !== undefined) return parts[0];
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.byteLength;
    }
    return joined;
  }

  /**
   * `bytes` holds one or more complete lines separated by '\n', without a final '\n'; `owned` is the same bytes
   * in memory the source never reuses, which the lines are views of. Searches run on `bytes`, the source's own
   * type: on a Node Buffer `indexOf` is native and many times faster than a plain Uint8Array's.
   */
  private emit(bytes: Uint8Array, owned: Uint8Array, sink: LineSink): void {
    if (bytes.byteLength > MAX_LINE_BYTES) this.checkLineLengths(bytes);
    const nul = bytes.indexOf(NUL);
    if (nul !== -1) throw notText(this.lineAt(bytes, nul), 'it contains a NUL byte');
    let start = 0;
    if (this.completed === 0 && startsWithByteOrderMark(bytes)) start = BYTE_ORDER_MARK.length;
    for (;;) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline === -1 ? bytes.byteLength : newline;
      const stop = end > start && bytes[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
      this.completed += 1;
      sink(owned, start, stop, this.completed);
      if (newline === -1) return;
      start = newline + 1;
    }
  }

  /** Only reached when one chunk holds more than MAX_LINE_BYTES of complete lines: rare, so a plain scan. */
  private checkLineLengths(bytes: Uint8Array): void {
    let start = 0;
    let line = this.completed + 1;
    while (start <= bytes.byteLength) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline === -1 ? bytes.byteLength : newline;
      if (end - start > MAX_LINE_BYTES) throw oversized(line);
      if (newline === -1) return;
      start = newline + 1;
      line += 1;
    }
  }

  private lineAt(bytes: Uint8Array, offset: number): number {
    let line = this.completed + 1;
    for (
      let newline = bytes.indexOf(NEWLINE);
      newline !== -1 && newline < offset;
      newline = bytes.indexOf(NEWLINE, newline + 1)
    )
      line += 1;
    return line;
  }
}

function startsWithByteOrderMark(bytes: Uint8Array): boolean {
  return bytes[0] === BYTE_ORDER_MARK[0] && bytes[1] === BYTE_ORDER_MARK[1] && bytes[2] === BYTE_ORDER_MARK[2];
}

function oversized(line: number): RecordingError {
  return new RecordingError(line, `the line is longer than ${MAX_LINE_MIB} MiB, the most a recording line may hold`);
}

function notText(line: number, why: string): RecordingError {
  return new RecordingError(
    line,
    `binary data / not UTF-8 text (${why}); a recording is NDJSON text, optionally gzip-compressed`,
  );
}
