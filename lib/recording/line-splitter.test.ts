import { describe, expect, it } from 'vitest';
import { LineSplitter, type SplitLine } from './line-splitter';
import { RecordingError } from './recording-error';
import { MAX_LINE_BYTES } from './types';
import { utf8 } from './test-helpers';

function split(chunks: Uint8Array[]): SplitLine[] {
  const splitter = new LineSplitter();
  const out: SplitLine[] = [];
  for (const chunk of chunks) splitter.push(chunk, out);
  splitter.end(out);
  return out;
}

function bytewise(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (byte) => Uint8Array.of(byte));
}

function errorOf(run: () => unknown): RecordingError {
  try {
    run();
  } catch (error) {
    if (error instanceof RecordingError) return error;
    throw error;
  }
  throw new Error('expected a RecordingError');
}

describe('LineSplitter', () => {
  it('numbers every line from 1, blank lines included', () => {
    expect(split([utf8('a\n\nb\n')])).toEqual([
      { text: 'a', line: 1 },
      { text: '', line: 2 },
      { text: 'b', line: 3 },
    ]);
  });

  it('keeps a last line that has no newline', () => {
    expect(split([utf8('a\nb')])).toEqual([
      { text: 'a', line: 1 },
      { text: 'b', line: 2 },
    ]);
  });

  it('gives the same lines when fed one byte at a time', () => {
    const text = utf8('{"a":1}\n{"b":"é漢🙂"}\n\nlast');
    expect(split(bytewise(text))).toEqual(split([text]));
  });

  it('decodes a multi-byte character split across two chunks', () => {
    const bytes = utf8('x🙂y\n');
    expect(split([bytes.subarray(0, 3), bytes.subarray(3)])).toEqual([{ text: 'x🙂y', line: 1 }]);
  });

  it('strips CR from CRLF line endings', () => {
    expect(split([utf8('a\r\nb\r\n')])).toEqual([
      { text: 'a', line: 1 },
      { text: 'b', line: 2 },
    ]);
    expect(split(bytewise(utf8('a\r\nb\r\n')))).toEqual([
      { text: 'a', line: 1 },
      { text: 'b', line: 2 },
    ]);
  });

  it('strips a byte order mark at the start of the file only', () => {
    expect(split([utf8('\uFEFFa\n\uFEFFb\n')])).toEqual([
      { text: 'a', line: 1 },
      { text: '\uFEFFb', line: 2 },
    ]);
  });

  it('refuses a line over MAX_LINE_BYTES arriving in small chunks, before holding all of it', () => {
    const splitter = new LineSplitter();
    const out: SplitLine[] = [];
    splitter.push(utf8('ok\n'), out);
    const piece = new Uint8Array(1024 * 1024).fill(0x61);
    let pushed = 0;
    const error = errorOf(() => {
      for (;;) {
        splitter.push(piece, out);
        pushed += piece.byteLength;
      }
    });
    expect(error.message).toBe('line 2: the line is longer than 4 MiB, the most a recording line may hold');
    expect(pushed).toBeLessThanOrEqual(MAX_LINE_BYTES);
  });

  it('refuses an oversized line that sits inside one big chunk among normal lines', () => {
    const chunk = new Uint8Array(MAX_LINE_BYTES + 20).fill(0x61);
    chunk.set(utf8('a\nb\n'), 0);
    chunk.set(utf8('\nc\n'), chunk.byteLength - 4);
    expect(errorOf(() => split([chunk])).message).toMatch(/^line 3: the line is longer than 4 MiB/);
  });

  it('accepts a line of exactly MAX_LINE_BYTES', () => {
    const exact = new Uint8Array(MAX_LINE_BYTES).fill(0x61);
    expect(split([exact, utf8('\n')])[0]?.text.length).toBe(MAX_LINE_BYTES);
  });

  it('names the line holding a NUL byte', () => {
    expect(errorOf(() => split([utf8('a\nb\nc\u0000d\n')])).message).toMatch(
      /^line 3: binary data \/ not UTF-8 text \(it contains a NUL byte\)/,
    );
  });

  it('names the line holding invalid UTF-8', () => {
    const bytes = new Uint8Array([...utf8('a\nb\n'), 0xff, 0xfe, 0x41, 0x0a]);
    expect(errorOf(() => split([bytes])).message).toMatch(
      /^line 3: binary data \/ not UTF-8 text \(it is not valid UTF-8\)/,
    );
    expect(errorOf(() => split(bytewise(bytes))).line).toBe(3);
  });

  it('refuses a multi-byte character cut short at the end of the input', () => {
    expect(errorOf(() => split([utf8('a\n'), utf8('🙂').subarray(0, 2)])).line).toBe(2);
  });

  it('copies held bytes, so a source that reuses its buffer cannot change a line', () => {
    const splitter = new LineSplitter();
    const out: SplitLine[] = [];
    const buffer = utf8('abc');
    splitter.push(buffer, out);
    buffer.set(utf8('xyz'));
    splitter.push(utf8('\n'), out);
    expect(out).toEqual([{ text: 'abc', line: 1 }]);
  });
});
