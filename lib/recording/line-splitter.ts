/**
 * Splits a byte stream into text lines without ever holding more than one chunk plus one partial line.
 * Work is done per chunk, not per byte: newlines are found with the native `indexOf`, and all complete lines of a
 * chunk are decoded with one `TextDecoder` call and split on '\n' (a '\n' byte never occurs inside a multi-byte
 * UTF-8 sequence, so cutting at it is always safe).
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

const NEWLINE = 0x0a;
const NUL = 0x00;
const BYTE_ORDER_MARK = 0xfeff;
const MAX_LINE_MIB = MAX_LINE_BYTES / (1024 * 1024);

export class LineSplitter {
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  private completed = 0;
  // ignoreBOM keeps a BOM in the text so it is stripped once, at the start of the file, not at every decode call.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  /** How many complete lines have been split off so far. */
  get completedLines(): number {
    return this.completed;
  }

  /** Appends the complete lines found in `chunk` to `out`; the unfinished tail is kept for the next chunk. */
  push(chunk: Uint8Array, out: SplitLine[]): void {
    let start = 0;
    if (this.carry.length > 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.hold(chunk, 0, chunk.byteLength);
        return;
      }
      this.hold(chunk, 0, newline);
      this.emit(this.takeCarry(), out);
      start = newline + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last >= start) {
      this.emit(chunk.subarray(start, last), out);
      start = last + 1;
    }
    if (start < chunk.byteLength) this.hold(chunk, start, chunk.byteLength);
  }

  /** Appends the last line if the input did not end with a newline. */
  end(out: SplitLine[]): void {
    if (this.carry.length > 0) this.emit(this.takeCarry(), out);
  }

  private hold(chunk: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    if (this.carryBytes + (to - from) > MAX_LINE_BYTES) throw oversized(this.completed + 1);
    // A copy, because a source may reuse its chunk buffers once we hand control back. Not `slice`: on a Node
    // Buffer (what fs streams yield) `slice` is a view.
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

  /** `bytes` holds one or more complete lines separated by '\n', without a final '\n'. */
  private emit(bytes: Uint8Array, out: SplitLine[]): void {
    if (bytes.byteLength > MAX_LINE_BYTES) this.checkLineLengths(bytes);
    const nul = bytes.indexOf(NUL);
    if (nul !== -1) throw notText(this.lineAt(bytes, nul), 'it contains a NUL byte');
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      throw notText(this.firstUndecodableLine(bytes), 'it is not valid UTF-8');
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i] as string;
      if (line.charCodeAt(line.length - 1) === 0x0d) line = line.slice(0, -1);
      if (this.completed === 0 && line.charCodeAt(0) === BYTE_ORDER_MARK) line = line.slice(1);
      this.completed += 1;
      out.push({ text: line, line: this.completed });
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
    for (let newline = bytes.indexOf(NEWLINE); newline !== -1 && newline < offset; newline = bytes.indexOf(NEWLINE, newline + 1)) line += 1;
    return line;
  }

  private firstUndecodableLine(bytes: Uint8Array): number {
    const strict = new TextDecoder('utf-8', { fatal: true });
    let start = 0;
    for (let line = this.completed + 1; ; line++) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline === -1 ? bytes.byteLength : newline;
      try {
        strict.decode(bytes.subarray(start, end));
      } catch {
        return line;
      }
      if (newline === -1) return line;
      start = newline + 1;
    }
  }
}

function oversized(line: number): RecordingError {
  return new RecordingError(line, `the line is longer than ${MAX_LINE_MIB} MiB, the most a recording line may hold`);
}

function notText(line: number, why: string): RecordingError {
  return new RecordingError(line, `binary data / not UTF-8 text (${why}); a recording is NDJSON text, optionally gzip-compressed`);
}
