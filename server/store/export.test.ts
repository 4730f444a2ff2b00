import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { toAnalysisJson } from '@/lib/timeline/analysis-json';
import { analyzeEntries } from '@/lib/timeline/engine';
import { readWholeRecording } from '@/lib/recording/reader';
import { formatHeaderLine } from '@/lib/recording/writer';
import { analysisCsv, analysisJsonStream, recordingStream } from './export';
import { podObservation, seqOf, T0 } from './testing/lines';
import { RangeTooLargeError } from './history';
import { BadQueryError, rangeFromQuery } from './route-params';
import { RecordingStore } from './store';

const HEADER = formatHeaderLine({ startedAt: '2026-11-24T04:00:00.000Z', cluster: null, scope: null });

async function* bytes(file: string): AsyncGenerator<Uint8Array> {
  yield fs.readFileSync(file);
}

describe('analysisCsv', () => {
  it('writes one row per marker and per gap, under a header row', async () => {
    const recording = await readWholeRecording(
      bytes(path.join(import.meta.dirname, '../../fixtures/scenarios/01-no-prestop.ndjson')),
    );
    const analysis = analyzeEntries(recording.entries.map((item) => item.entry));
    const rows = analysisCsv(analysis).trimEnd().split('\r\n');
    expect(rows[0]).toBe('row,namespace,pod,uid,node,workload,kind,at,to,precision,severity,container,exitCode,reason');
    expect(rows).toHaveLength(1 + analysis.pods.reduce((sum, pod) => sum + pod.markers.length + pod.gaps.length, 0));
    expect(rows[1]).toMatch(/^marker,shop,/);
  });

  it('never lets a spreadsheet read a hostile name as a formula (tried: a pod named =HYPERLINK(...))', () => {
    const csv = analysisCsv({
      allowanceSeconds: 2,
      findings: [],
      pods: [
        {
          uid: 'u',
          namespace: 'shop',
          name: '=HYPERLINK("x")',
          node: null,
          workload: null,
          controllerName: null,
          gracePeriodSeconds: null,
          preStop: null,
          gaps: [],
          markers: [{ kind: 'created', at: 0, precision: 'second', earliest: 0, latest: 1000, evidence: [] }],
        },
      ],
    });
    expect(csv.split('\r\n')[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('analysisJsonStream', () => {
  it('streams, in more than one chunk when it is big, exactly the pretty-printed analysis JSON and a newline', async () => {
    const recording = await readWholeRecording(
      bytes(path.join(import.meta.dirname, '../../fixtures/scenarios/01-no-prestop.ndjson')),
    );
    const analysis = analyzeEntries(recording.entries.map((item) => item.entry));
    const big = { ...analysis, pods: Array.from({ length: 300 }, () => analysis.pods).flat() };
    const chunks: Uint8Array[] = [];
    const reader = analysisJsonStream(big).getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(`${JSON.stringify(toAnalysisJson(big), null, 2)}\n`);
  });
});

describe('rangeFromQuery', () => {
  it('reads ?from&to as ISO-8601 or epoch ms, and refuses what it cannot read (tried: to before from, from=yesterday, an unknown episode id)', () => {
    const store = new RecordingStore({ file: ':memory:' });
    try {
      expect(rangeFromQuery(store, new URLSearchParams('from=2026-11-24T04:00:00Z&to=1795500000000'))).toEqual({
        source: 0,
        from: Date.UTC(2026, 10, 24, 4),
        to: 1795500000000,
      });
      expect(() => rangeFromQuery(store, new URLSearchParams('from=1795500002000&to=1795500001000'))).toThrow(
        '`to` is before `from`',
      );
      expect(() => rangeFromQuery(store, new URLSearchParams('from=yesterday&to=1795500000000'))).toThrow(
        BadQueryError,
      );
      expect(() => rangeFromQuery(store, new URLSearchParams('from=yesterday&to=1795500000000'))).toThrow(
        '?from= must be an ISO-8601 time like 2026-11-24T04:25:00Z, or epoch milliseconds; got "yesterday"',
      );
      expect(() => rangeFromQuery(store, new URLSearchParams('episode=import~99'))).toThrow('no imported recording 99');
    } finally {
      store.close();
    }
  });
});

describe('recordingStream', () => {
  it('lets the live writer commit while a download is paused between pages', async () => {
    const store = new RecordingStore({ file: ':memory:' });
    try {
      for (let seq = 1; seq <= 2500; seq++) {
        const { entry, line } = podObservation(seq, T0 + seq);
        store.append(entry, line);
      }
      const reader = recordingStream(store, { source: 0, from: T0, to: T0 + 2500 }, HEADER).getReader();
      const chunks: Uint8Array[] = [];
      const first = await reader.read();
      if (first.value) chunks.push(first.value);
      const { entry, line } = podObservation(9999, T0 + 10_000);
      store.append(entry, line);
      store.commit();
      for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
      const lines = gunzipSync(Buffer.concat(chunks)).toString('utf8').trimEnd().split('\n');
      expect(lines[0]).toBe(HEADER);
      expect(lines.slice(1).map(seqOf)).toEqual(Array.from({ length: 2500 }, (_, index) => index + 1));
    } finally {
      store.close();
    }
  });
});

describe('analyzeRange', () => {
  it('refuses to replay a range over the line limit instead of stalling the server (tried: 20 lines with a limit of 10; the materialised read has none)', () => {
    const store = new RecordingStore({ file: ':memory:' });
    try {
      for (let seq = 1; seq <= 20; seq++) {
        const { entry, line } = podObservation(seq, T0 + seq);
        store.append(entry, line);
      }
      expect(() => store.replayRange({ source: 0, from: T0, to: T0 + 100 }, 2, 10)).toThrow(RangeTooLargeError);
      expect(store.replayRange({ source: 0, from: T0, to: T0 + 100 }, 2, 20).pods).toHaveLength(20);
      // The materialised timelines are read, not replayed: no line limit (another allowance would replay).
      expect(store.analyzeRange({ source: 0, from: T0, to: T0 + 100 }, 2, 10).pods).toHaveLength(20);
      expect(() => store.analyzeRange({ source: 0, from: T0, to: T0 + 100 }, 3, 10)).toThrow(RangeTooLargeError);
    } finally {
      store.close();
    }
  });
});
