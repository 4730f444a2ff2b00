/**
 * Splits a byte stream of concatenated JSON objects (kubectl's `-o json` watch output: one object per line, or
 * pretty-printed across lines, or several such streams one after the other) into one text per object, without
 * holding more than one chunk plus one object. The scan runs on bytes: `{`, `}`, `"` and `\` are ASCII and never
 * part of a multi-byte UTF-8 sequence, so depth and strings are tracked without decoding, and an object's text is
 * decoded once, whole, when it ends.
 */
import { RecordingError } from './recording-error';
import { MAX_LINE_BYTES } from './types';

/** The most one object may hold: the same protection as a recording line's limit. */
export const MAX_OBJECT_BYTES = MAX_LINE_BYTES;

export interface JsonObjectText {
  text: string;
  /** The 1-based line the object starts on, for error messages. */
  line: number;
}

const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const BYTE_ORDER_MARK = [0xef, 0xbb, 0xbf] as const;

const decoder = new TextDecoder('utf-8', { fatal: true });

export class JsonObjectSplitter {
  private parts: Uint8Array[] = [];
  private held = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  private start = 1;
  private atFileStart = true;

  /** The number of the line being read (1-based). */
  get currentLine(): number {
    return this.line;
  }

  /** Appends every object that ends in `chunk` to `out`; the unfinished one is kept (copied) for the next chunk. */
  push(chunk: Uint8Array, out: JsonObjectText[]): void {
    let index = this.atFileStart ? this.skipByteOrderMark(chunk) : 0;
    if (chunk.byteLength > 0) this.atFileStart = false;
    let from = this.depth > 0 ? index : -1;
    const length = chunk.byteLength;
    for (; index < length; index++) {
      const byte = chunk[index] as number;
      if (this.depth === 0) {
        if (byte === NEWLINE) this.line += 1;
        else if (byte === LEFT_BRACE) {
          this.depth = 1;
          this.start = this.line;
          from = index;
        } else if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) throw unexpected(byte, this.line);
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
        else if (byte === NEWLINE) this.line += 1;
        continue;
      }
      if (byte === QUOTE) this.inString = true;
      else if (byte === LEFT_BRACE) this.depth += 1;
      else if (byte === NEWLINE) this.line += 1;
      else if (byte === RIGHT_BRACE) {
        this.depth -= 1;
        if (this.depth === 0) {
          out.push({ text: this.take(chunk, from, index + 1), line: this.start });
          from = -1;
        }
      }
    }
    if (from !== -1) this.hold(chunk, from, length);
  }

  /** Throws when the input ended inside an object. */
  end(): void {
    if (this.depth > 0)
      throw new RecordingError(
        this.start,
        'the last JSON object is cut short (the kubectl output ends in the middle of it)',
      );
  }

  private checkSize(): void {
    if (this.held > MAX_OBJECT_BYTES) {
      throw new RecordingError(
        this.start,
        `the JSON object is longer than ${MAX_OBJECT_BYTES / 1024 / 1024} MiB, the most one object of kubectl output may hold`,
      );
    }
  }

  private skipByteOrderMark(chunk: Uint8Array): number {
    return chunk[0] === BYTE_ORDER_MARK[0] && chunk[1] === BYTE_ORDER_MARK[1] && chunk[2] === BYTE_ORDER_MARK[2]
      ? 3
      : 0;
  }

  private hold(chunk: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    this.held += to - from;
    this.checkSize();
    // A copy: a source may reuse its buffer once we hand control back (a Node Buffer's slice is a view too).
    this.parts.push(new Uint8Array(chunk.subarray(from, to)));
  }

  /** The object's text: what is held plus `chunk[from, to)`, its end. */
  private take(chunk: Uint8Array, from: number, to: number): string {
    let bytes: Uint8Array;
    if (this.parts.length === 0) {
      // The whole object is in this chunk: decoded from it, no copy.
      this.held = to - from;
      this.checkSize();
      bytes = chunk.subarray(from, to);
    } else {
      this.hold(chunk, from, to);
      bytes = new Uint8Array(this.held);
      let offset = 0;
      for (const part of this.parts) {
        bytes.set(part, offset);
        offset += part.byteLength;
      }
    }
    this.parts = [];
    this.held = 0;
    try {
      return decoder.decode(bytes);
    } catch {
      throw new RecordingError(
        this.start,
        'binary data / not UTF-8 text; kubectl -o json output is JSON text, optionally gzip-compressed',
      );
    }
  }
}

function unexpected(byte: number, line: number): RecordingError {
  const found =
    byte >= 0x20 && byte < 0x7f ? `"${String.fromCharCode(byte)}"` : `the byte 0x${byte.toString(16).padStart(2, '0')}`;
  return new RecordingError(line, `expected a JSON object from kubectl --output-watch-events -o json, found ${found}`);
}
