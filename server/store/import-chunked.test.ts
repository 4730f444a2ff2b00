import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readWholeRecording, type RecordedEntry } from '@/lib/recording/reader';
import { formatHeaderLine, formatWatchStateLine } from '@/lib/recording/writer';
import { toAnalysisJson } from '@/lib/timeline/analysis-json';
import { analyzeEntries } from '@/lib/timeline/engine';
import type { Analysis } from '@/lib/timeline/types';
import { BadQueryError, rangeFromQuery } from './route-params';
import type { ImportOptions } from './import';
import type { ImportTimelineStats } from './rebuild';
import { RecordingStore } from './store';
import { sqlOf } from './testing/sql';
import { tempStores } from './testing/temp-stores';

const SCENARIOS = path.join(import.meta.dirname, '../../fixtures/scenarios');
const NAMES = fs
  .readdirSync(SCENARIOS)
  .filter((file) => file.endsWith('.ndjson'))
  .map((file) => file.replace(/\.ndjson$/, ''))
  .sort();

const { open, tempFile } = tempStores();

function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(SCENARIOS, `${name}.ndjson`)));
}

function expectedAnalysis(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(SCENARIOS, `${name}.analysis.json`), 'utf8'));
}

async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** The bytes a few at a time, as a slow upload sends them: the reader then meets a bad line after storing some. */
async function* trickle(bytes: Uint8Array, size = 512): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) yield bytes.slice(offset, offset + size);
}

async function recorded(bytes: Uint8Array): Promise<RecordedEntry[]> {
  return (await readWholeRecording(chunks(bytes))).entries;
}

/** The import's whole range, opened from its materialised timelines. */
function openImport(store: RecordingStore, source: number): Analysis {
  const span = sqlOf(store).prepare('SELECT from_at, to_at FROM sources WHERE id = ?').get(source) as {
    from_at: number;
    to_at: number;
  };
  return store.openWindow({ source, from: span.from_at, to: span.to_at });
}

/** Every row the store holds, by table: what "no trace" is checked against. */
function snapshot(store: RecordingStore): Record<string, number> {
  const count = (table: string): number =>
    sqlOf(store).prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    lines: count('lines'),
    sources: count('sources'),
    timelines: count('timelines'),
    timeline_sources: count('timeline_sources'),
    imports_in_progress: count('imports_in_progress'),
  };
}

function inProgress(store: RecordingStore): number | null {
  return (sqlOf(store).prepare('SELECT source FROM imports_in_progress').pluck().get() as number | undefined) ?? null;
}

function rowsOf(store: RecordingStore, table: 'lines' | 'timelines', source: number): number {
  return sqlOf(store).prepare(`SELECT count(*) FROM ${table} WHERE source = ?`).pluck().get(source) as number;
}

/** A small chunk, so that a fixture of a few dozen lines crosses many transactions and many prunes. */
const SMALL: Pick<ImportOptions, 'chunkLines'> = { chunkLines: 3 };

describe('a chunked import', () => {
  it.each(NAMES)(
    'of %s stores the timelines a replay gives, built in many pages, pods pruned as their timelines become final',
    async (name) => {
      const bytes = fixtureBytes(name);
      const store = open();
      let stats: ImportTimelineStats | undefined;
      const { source } = await store.importRecording(chunks(bytes), {
        name,
        ...SMALL,
        onTimelines: (s) => (stats = s),
      });
      const opened = openImport(store, source);
      expect(toAnalysisJson(opened)).toEqual(expectedAnalysis(name));
      expect(opened).toEqual(analyzeEntries((await recorded(bytes)).map((item) => item.entry)));
      expect(stats?.slices).toBeGreaterThan(1);
    },
  );

  it('of the fifteen scenarios in one recording equals the replay, and the engine held fewer pods than the recording has', async () => {
    const all: RecordedEntry[] = [];
    for (const name of NAMES) all.push(...(await recorded(fixtureBytes(name))));
    all.sort((a, b) => a.entry.at - b.entry.at);
    const header = formatHeaderLine({
      startedAt: new Date(all[0]?.entry.at ?? 0).toISOString(),
      cluster: null,
      scope: null,
    });
    const bytes = new TextEncoder().encode([header, ...all.map((item) => item.raw)].join('\n') + '\n');
    const store = open();
    let stats: ImportTimelineStats | undefined;
    const { source } = await store.importRecording(chunks(bytes), {
      name: 'all',
      ...SMALL,
      onTimelines: (s) => (stats = s),
    });
    const opened = openImport(store, source);
    expect(opened).toEqual(analyzeEntries(all.map((item) => item.entry)));
    expect(stats?.pruned).toBeGreaterThan(0);
    expect(stats?.peakPods).toBeLessThan(opened.pods.length);
  });

  /** 01-no-prestop with one more line long after its terminated pod (web-…-blgwv, DELETED at 04:25:17.664) went. */
  const LATE_LINES: [string, (lines: string[]) => string[]][] = [
    [
      'its Killing event, received a minute late',
      (lines) => {
        const killing = lines.findIndex((line) => line.includes('web-g524hqvk44-blgwv.18eae09161aa6291'));
        const moved = (lines[killing] ?? '').replace(/^\{"at":"[^"]+"/, '{"at":"2026-11-24T04:26:30.000Z"');
        return [...lines.filter((_, index) => index !== killing), moved];
      },
    ],
    [
      'a hung events watch whose blind window began before it went',
      (lines) => [
        ...lines,
        formatWatchStateLine(
          Date.parse('2026-11-24T04:26:30.000Z'),
          'events',
          'disconnected',
          'hung',
          Date.parse('2026-11-24T04:25:16.000Z'),
        ),
      ],
    ],
  ];

  it.each(LATE_LINES)('keeps a gone pod until %s, as a replay does', async (_, edit) => {
    const lines = new TextDecoder().decode(fixtureBytes('01-no-prestop')).split('\n').filter(Boolean);
    const edited = edit(lines);
    const bytes = new TextEncoder().encode(edited.join('\n') + '\n');
    const store = open();
    const { source } = await store.importRecording(chunks(bytes), { name: 'late', chunkLines: 2 });
    const replayed = analyzeEntries((await recorded(bytes)).map((item) => item.entry));
    expect(openImport(store, source)).toEqual(replayed);
    // The late line matters: without it the pod's timeline is another.
    const without = new TextEncoder().encode(edited.slice(0, -1).join('\n') + '\n');
    expect(replayed).not.toEqual(analyzeEntries((await recorded(without)).map((item) => item.entry)));
  });

  it('of kubectl output stores the same lines in the same order, and the same timelines, whatever the chunk size', async () => {
    const lines = new TextDecoder().decode(fixtureBytes('12-rolling-update')).split('\n').filter(Boolean).slice(1);
    const kubectl = lines.map((line) => {
      const { type, object } = JSON.parse(line) as { type: string; object: unknown };
      return JSON.stringify({ type, object });
    });
    const body = new TextEncoder().encode(kubectl.join('\n'));
    const whole = open();
    const small = open();
    // The upload's arrival bounds the capture's end: the same for both, so the same bounds are stored.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-11-24T05:00:00.000Z'));
    let a, b;
    try {
      a = await whole.importRecording(chunks(body), { name: 'k' });
      b = await small.importRecording(chunks(body), { name: 'k', chunkLines: 2 });
    } finally {
      vi.useRealTimers();
    }
    const stored = (store: RecordingStore, source: number): string[] =>
      sqlOf(store).prepare('SELECT line FROM lines WHERE source = ? ORDER BY at, id').pluck().all(source) as string[];
    expect(stored(small, b.source)).toEqual(stored(whole, a.source));
    expect(openImport(small, b.source)).toEqual(openImport(whole, a.source));
  });

  it('is seen by no reader until it is complete, while the live store goes on committing', async () => {
    const store = open();
    const seen: { lines: number; timelines: number; episodes: number; refused: boolean }[] = [];
    const pause = async (): Promise<void> => {
      const source = inProgress(store);
      if (source === null) return;
      let refused = false;
      try {
        rangeFromQuery(store, new URLSearchParams({ episode: `import~${source}` }));
      } catch (error) {
        refused = error instanceof BadQueryError;
      }
      const episodes = store.episodes({ from: 0, to: Number.MAX_SAFE_INTEGER }).length;
      seen.push({
        lines: rowsOf(store, 'lines', source),
        timelines: rowsOf(store, 'timelines', source),
        episodes,
        refused,
      });
      await new Promise((resolve) => setImmediate(resolve));
    };
    const { source, episode } = await store.importRecording(chunks(fixtureBytes('12-rolling-update')), {
      name: 'x',
      ...SMALL,
      pause,
    });
    expect(seen.some((s) => s.lines > 0 && s.timelines === 0)).toBe(true);
    expect(seen.some((s) => s.timelines > 0)).toBe(true);
    expect(seen.every((s) => s.episodes === 0 && s.refused)).toBe(true);
    expect(store.episodes({ from: 0, to: Number.MAX_SAFE_INTEGER }).map((e) => e.id)).toEqual([episode]);
    expect(rangeFromQuery(store, new URLSearchParams({ episode })).source).toBe(source);
    expect(inProgress(store)).toBeNull();
  });

  it('running twice at once gives two imports, each whole', async () => {
    const store = open();
    const [a, b] = await Promise.all([
      store.importRecording(chunks(fixtureBytes('12-rolling-update')), { name: 'a', ...SMALL }),
      store.importRecording(chunks(fixtureBytes('07-eviction')), { name: 'b', ...SMALL }),
    ]);
    expect(a.source).not.toBe(b.source);
    expect(toAnalysisJson(openImport(store, a.source))).toEqual(expectedAnalysis('12-rolling-update'));
    expect(toAnalysisJson(openImport(store, b.source))).toEqual(expectedAnalysis('07-eviction'));
  });
});

describe('a chunked import that fails', () => {
  it('on a malformed line after chunks were written leaves no trace, and names the line', async () => {
    const store = open();
    await store.importRecording(chunks(fixtureBytes('01-no-prestop')), { name: 'kept' });
    const before = snapshot(store);
    const lines = new TextDecoder().decode(fixtureBytes('12-rolling-update')).split('\n').filter(Boolean);
    const bad = [...lines.slice(0, 60), '{"at": "2026-11-24T04:25:01.000Z", "type": ', ...lines.slice(60)];
    let most = 0;
    const pause = async (): Promise<void> => {
      const source = inProgress(store);
      if (source !== null) most = Math.max(most, rowsOf(store, 'lines', source));
      await new Promise((resolve) => setImmediate(resolve));
    };
    const failure = store.importRecording(trickle(new TextEncoder().encode(bad.join('\n'))), {
      name: 'bad',
      ...SMALL,
      pause,
    });
    await expect(failure).rejects.toMatchObject({ line: 61 });
    expect(most).toBeGreaterThan(0);
    expect(snapshot(store)).toEqual(before);
  });

  it('while its timelines are built leaves no trace', async () => {
    const store = open();
    await store.importRecording(chunks(fixtureBytes('01-no-prestop')), { name: 'kept' });
    const before = snapshot(store);
    let failedWith: number | null = null;
    const pause = async (): Promise<void> => {
      const source = inProgress(store);
      if (source !== null && rowsOf(store, 'timelines', source) > 0) {
        failedWith = rowsOf(store, 'timelines', source);
        throw new Error('the disk is full');
      }
      await new Promise((resolve) => setImmediate(resolve));
    };
    await expect(
      store.importRecording(chunks(fixtureBytes('12-rolling-update')), { name: 'x', ...SMALL, pause }),
    ).rejects.toThrow('the disk is full');
    expect(failedWith).toBeGreaterThan(0);
    expect(snapshot(store)).toEqual(before);
  });

  for (const phase of ['lines', 'timelines'] as const) {
    it(`in a crash while its ${phase} are written leaves nothing once the store reopens, and the file imports again`, async () => {
      const file = tempFile();
      const first = new RecordingStore({ file });
      await first.importRecording(chunks(fixtureBytes('01-no-prestop')), { name: 'kept' });
      const before = snapshot(first);
      const crash: { at: Record<string, number> | null } = { at: null };
      const pause = async (): Promise<void> => {
        const source = inProgress(first);
        if (source !== null && rowsOf(first, phase, source) > 0 && crash.at === null) {
          crash.at = snapshot(first);
          // The process dies here: what was committed stays in the file, nothing else runs.
          sqlOf(first).close();
        }
        await new Promise((resolve) => setImmediate(resolve));
      };
      await expect(
        first.importRecording(chunks(fixtureBytes('12-rolling-update')), { name: 'x', ...SMALL, pause }),
      ).rejects.toThrow();
      expect(crash.at).toMatchObject({ imports_in_progress: 1, sources: before.sources });
      expect(crash.at?.[phase]).toBeGreaterThan(before[phase] ?? 0);
      const reopened = open(file);
      expect(snapshot(reopened)).toEqual(before);
      expect(reopened.episodes({ from: 0, to: Number.MAX_SAFE_INTEGER })).toHaveLength(1);
      const again = await reopened.importRecording(chunks(fixtureBytes('12-rolling-update')), { name: 'x', ...SMALL });
      expect(toAnalysisJson(openImport(reopened, again.source))).toEqual(expectedAnalysis('12-rolling-update'));
    });
  }
});
