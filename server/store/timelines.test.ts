import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWholeRecording } from '@/lib/recording/reader';
import type { RecordedEntry } from '@/lib/recording/reader';
import { toAnalysisJson } from '@/lib/timeline/analysis-json';
import { analyzeEntries } from '@/lib/timeline/engine';
import { TimelineHub } from '../hub/hub';
import type { StoredRange } from './lines';
import { attachStore } from './live-recorder';
import { LIVE_SOURCE } from './schema';
import { RecordingStore, type RecordingStoreOptions } from './store';
import { podObservation } from './testing/lines';
import { sqlOf } from './testing/sql';
import { tempStores } from './testing/temp-stores';

const SCENARIOS = path.join(import.meta.dirname, '../../fixtures/scenarios');
const NAMES = fs
  .readdirSync(SCENARIOS)
  .filter((file) => file.endsWith('.ndjson'))
  .map((file) => file.replace(/\.ndjson$/, ''))
  .sort();

const { open: openStore, tempFile } = tempStores();

/** What the live pipeline does with each line: the hub reduces it, the store keeps it and the hub's rows. */
const hubs = new WeakMap<RecordingStore, TimelineHub>();

/** A store fed as the live pipeline feeds it: its rows are the hub's derivations (RecordingStore.followLive). */
function live(store: RecordingStore, options: { now?: () => number; retentionMs?: number } = {}): RecordingStore {
  const hub = new TimelineHub({
    now: options.now ?? Date.now,
    allowanceSeconds: store.allowanceSeconds,
    ...(options.retentionMs === undefined ? {} : { retentionMs: options.retentionMs }),
  });
  store.followLive(hub);
  hubs.set(store, hub);
  return store;
}

function open(
  { file, ...options }: Partial<RecordingStoreOptions> = {},
  hub: { now?: () => number; retentionMs?: number } = {},
): RecordingStore {
  return live(openStore(file, options), hub);
}

function fixture(name: string): { bytes: Uint8Array; expected: unknown } {
  const bytes = new Uint8Array(fs.readFileSync(path.join(SCENARIOS, `${name}.ndjson`)));
  return { bytes, expected: JSON.parse(fs.readFileSync(path.join(SCENARIOS, `${name}.analysis.json`), 'utf8')) };
}

async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** The entries as the CLI reads them (in receipt order), with each line as written. */
async function recorded(bytes: Uint8Array): Promise<RecordedEntry[]> {
  return (await readWholeRecording(chunks(bytes))).entries;
}

function appendAll(store: RecordingStore, entries: readonly RecordedEntry[]): void {
  const hub = hubs.get(store);
  for (const { entry, raw } of entries) {
    hub?.ingest(entry, raw);
    store.append(entry, raw);
  }
  store.commit();
}

function liveRange(store: RecordingStore): StoredRange {
  const span = store.liveSpan();
  if (!span) throw new Error('nothing stored');
  return { source: LIVE_SOURCE, ...span };
}

function timelineCount(store: RecordingStore, source?: number): number {
  const sql =
    source === undefined ? 'SELECT count(*) FROM timelines' : 'SELECT count(*) FROM timelines WHERE source = ?';
  return sqlOf(store)
    .prepare(sql)
    .pluck()
    .get(...(source === undefined ? [] : [source])) as number;
}

describe.each(NAMES)('materialised timelines of %s', (name) => {
  it('open over the whole range to the expected analysis, stored as live lines and as an import, and to what a replay gives', async () => {
    const { bytes, expected } = fixture(name);
    const entries = await recorded(bytes);
    const live = open();
    appendAll(live, entries);
    const range = liveRange(live);
    const opened = live.openWindow(range);
    expect(toAnalysisJson(opened)).toEqual(expected);
    expect(opened).toEqual(live.replayRange(range, 2));

    const imported = open();
    const { source } = await imported.importRecording(chunks(bytes), { name });
    const span = sqlOf(imported).prepare('SELECT from_at, to_at FROM sources WHERE id = ?').get(source) as {
      from_at: number;
      to_at: number;
    };
    const whole = imported.openWindow({ source, from: span.from_at, to: span.to_at });
    expect(toAnalysisJson(whole)).toEqual(expected);
    expect(whole).toEqual(opened);
  });

  it('open a window cut in the middle to the pods seen in it, each whole: as the range replay for the pods that began in it', async () => {
    const { bytes } = fixture(name);
    const entries = await recorded(bytes);
    const store = open();
    appendAll(store, entries);
    const full = analyzeEntries(entries.map((item) => item.entry));
    const { from: start, to } = liveRange(store);
    const from = entries[Math.floor(entries.length / 2)]?.entry.at ?? start;
    const window = store.openWindow({ source: LIVE_SOURCE, from, to });
    const replayed = store.replayRange({ source: LIVE_SOURCE, from, to }, 2);

    const byUid = (pods: { uid: string }[]): Map<string, unknown> => new Map(pods.map((pod) => [pod.uid, pod]));
    const fullPods = byUid(full.pods);
    const replayedPods = byUid(replayed.pods);
    // Every pod of the replay is there; a pod cut by the window's start is its whole timeline, not the cut one.
    expect([...replayedPods.keys()].every((uid) => window.pods.some((pod) => pod.uid === uid))).toBe(true);
    for (const pod of window.pods) expect(pod).toEqual(fullPods.get(pod.uid));
    const firstSeen = new Map<string, number>();
    const namesBefore = new Set<string>();
    for (const { entry } of entries) {
      if (!('object' in entry) || entry.object.kind !== 'Pod') continue;
      if (!firstSeen.has(entry.object.metadata.uid)) firstSeen.set(entry.object.metadata.uid, entry.at);
      if (entry.at < from) namesBefore.add(`${entry.object.metadata.namespace}/${entry.object.metadata.name}`);
    }
    // A pod reusing the name of one seen before the window (a StatefulSet's) shares that name's merged
    // SuccessfulDelete with it: which occurrence is its own depends on the earlier pod, which the replay lacks.
    const begunInside = window.pods.filter(
      (pod) => (firstSeen.get(pod.uid) ?? -Infinity) >= from && !namesBefore.has(`${pod.namespace}/${pod.name}`),
    );
    for (const pod of begunInside) expect(pod).toEqual(replayedPods.get(pod.uid));
    // With no pod cut, the window is the replay, findings and all.
    if (begunInside.length === window.pods.length && window.pods.length === replayed.pods.length)
      expect(window).toEqual(replayed);
    // With every pod in it, the window is the whole analysis, findings and all.
    if (window.pods.length === full.pods.length) expect(window).toEqual(full);
  });
});

describe('materialised timelines', () => {
  it('are exactly what the whole live recording replays to when the lines of all fifteen scenarios go into one store', async () => {
    const store = open();
    const all: RecordedEntry[] = [];
    for (const name of NAMES) all.push(...(await recorded(fixture(name).bytes)));
    all.sort((a, b) => a.entry.at - b.entry.at);
    appendAll(store, all);
    const range = liveRange(store);
    expect(store.openWindow(range)).toEqual(analyzeEntries(all.map((item) => item.entry)));
    expect(store.openWindow(range)).toEqual(store.replayRange(range, 2, Infinity));
  });

  it("are the hub's derivations: through_id holds only the lines a hub flush had taken in when the rows were written", async () => {
    const entries = await recorded(fixture('01-no-prestop').bytes);
    const store = open({ materialiseIntervalMs: 0 });
    const hub = hubs.get(store);
    const through = (): number =>
      sqlOf(store)
        .prepare('SELECT through_id FROM timeline_sources WHERE source = ?')
        .pluck()
        .get(LIVE_SOURCE) as number;
    const lastId = (): number => sqlOf(store).prepare('SELECT max(id) FROM lines').pluck().get() as number;
    const half = Math.floor(entries.length / 2);
    appendAll(store, entries.slice(0, half));
    hub?.flush();
    store.commit();
    expect(through()).toBe(lastId());
    // Lines the hub has ingested but not flushed yet: committed, but the rows do not claim them.
    appendAll(store, entries.slice(half));
    const before = through();
    expect(before).toBeLessThan(lastId());
    hub?.flush();
    store.commit();
    expect(through()).toBe(lastId());
    expect(store.openWindow(liveRange(store))).toEqual(store.replayRange(liveRange(store), 2));
  });

  it('stay as they were when the hub forgets their pods (gone longer than its retention)', async () => {
    const { bytes, expected } = fixture('07-eviction');
    const entries = await recorded(bytes);
    let clock = 0;
    const store = open({}, { now: () => clock, retentionMs: 60_000 });
    appendAll(store, entries);
    const range = liveRange(store);
    // Two hours on, the hub's sweep forgets the gone pods; then another pod's line arrives.
    clock = range.to + 7_200_000;
    hubs.get(store)?.sweep();
    const later = podObservation(1, clock);
    appendAll(store, [{ entry: later.entry, raw: later.line, line: 0 }]);
    store.materialise();
    expect(toAnalysisJson(store.openWindow(range))).toEqual(expected);
    expect(timelineCount(store)).toBe(store.openWindow(range).pods.length + 1);
  });

  it('survive a restart, and a pod that lived across it gets the lines after it added (tried: 12-rolling-update cut in half)', async () => {
    const { bytes, expected } = fixture('12-rolling-update');
    const entries = await recorded(bytes);
    const file = tempFile();
    const first = live(openStore(file));
    appendAll(first, entries.slice(0, entries.length / 2));
    first.close();
    const reopened = open({ file });
    const rows = timelineCount(reopened);
    expect(rows).toBeGreaterThan(0);
    // The hub resumes from the stored lines, as the live pipeline's does (./live.ts, without its blind window).
    const span = liveRange(reopened);
    reopened.resumeLive({ from: span.to - reopened.resumeMs, to: span.to }, (entry, line) =>
      hubs.get(reopened)?.ingest(entry, line),
    );
    expect(timelineCount(reopened)).toBe(rows);
    appendAll(reopened, entries.slice(entries.length / 2));
    expect(toAnalysisJson(reopened.openWindow(liveRange(reopened)))).toEqual(expected);
    reopened.close();
    const again = open({ file });
    expect(toAnalysisJson(again.openWindow(liveRange(again)))).toEqual(expected);
  });

  it('left behind the acknowledged lines by a crash are brought up to date from the lines after `through_id` when the store opens', async () => {
    const { bytes, expected } = fixture('13-sidecars');
    const entries = await recorded(bytes);
    const file = tempFile();
    const crashed = live(new RecordingStore({ file, materialiseIntervalMs: 3_600_000 }));
    appendAll(crashed, entries.slice(0, 10));
    crashed.materialise();
    appendAll(crashed, entries.slice(10));
    const acknowledged = crashed.count();
    // The process dies here: the lines are committed, the rows hold only the first ten lines.
    sqlOf(crashed).close();
    const reopened = open({ file });
    expect(reopened.count()).toBe(acknowledged);
    expect(toAnalysisJson(reopened.openWindow(liveRange(reopened)))).toEqual(expected);
  });

  it('resume with the hub from one read of the stored lines, and then match a replay of everything stored (tried: 15-slice-move-dual-stack cut in half)', async () => {
    const entries = await recorded(fixture('15-slice-move-dual-stack').bytes);
    const file = tempFile();
    const first = live(openStore(file));
    appendAll(first, entries.slice(0, entries.length / 2));
    first.close();
    const reopened = openStore(file);
    const restartAt = liveRange(reopened).to;
    const hub = new TimelineHub({ now: () => restartAt });
    attachStore(reopened, hub, {
      now: () => restartAt,
      replayMs: 3_600_000,
      policy: { maxAgeMs: 86_400_000, maxBytes: 1 << 30 },
      owned: false,
    });
    for (const { entry, raw } of entries.slice(entries.length / 2)) {
      hub.ingest(entry, raw);
      reopened.append(entry, raw);
    }
    const range = liveRange(reopened);
    const opened = reopened.openWindow(range);
    expect(opened).toEqual(reopened.replayRange(range, 2));
    expect(opened).toEqual(hub.analysis());
  });

  it('are rebuilt from the lines when the store opens with another allowance, and an allowance asked for that differs is replayed', async () => {
    const { bytes } = fixture('02-prestop-sleep');
    const entries = await recorded(bytes);
    const file = tempFile();
    const first = live(openStore(file));
    appendAll(first, entries);
    first.close();
    const messages: string[] = [];
    const wider = open({ file, allowanceSeconds: 10, log: (message) => messages.push(message) });
    expect(messages).toEqual([
      expect.stringMatching(/^drainscope: rebuilt the stored timelines from \d+ stored lines/),
    ]);
    const range = liveRange(wider);
    const replayed = wider.replayRange(range, 10);
    expect(wider.openWindow(range)).toEqual(replayed);
    expect(wider.analyzeRange(range, 2)).toEqual(analyzeEntries(entries.map((item) => item.entry)));
  });

  it('go with their lines under retention: live ones by age and size, an import with the import', async () => {
    const rolling = await recorded(fixture('12-rolling-update').bytes);
    const store = open();
    appendAll(store, rolling);
    const { source } = await store.importRecording(chunks(fixture('01-no-prestop').bytes), { name: 'import' });
    const range = liveRange(store);
    const pods = store.openWindow(range).pods;
    expect(timelineCount(store, LIVE_SOURCE)).toBe(pods.length);

    // Cut where some pods were last seen before and others after: exactly the former go.
    const cutoff = range.from + Math.floor((range.to - range.from) / 2);
    const extents = sqlOf(store).prepare('SELECT uid, last_at FROM timelines WHERE source = ?').all(LIVE_SOURCE) as {
      uid: string;
      last_at: number;
    }[];
    const kept = extents
      .filter((row) => row.last_at >= cutoff)
      .map((row) => row.uid)
      .sort();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(extents.length);
    store.applyRetention({ maxAgeMs: 0, maxBytes: Number.MAX_SAFE_INTEGER }, cutoff);
    expect(
      sqlOf(store)
        .prepare('SELECT uid FROM timelines WHERE source = ? ORDER BY uid')
        .pluck()
        .all(LIVE_SOURCE) as string[],
    ).toEqual(kept);

    const importRows = timelineCount(store, source);
    expect(importRows).toBeGreaterThan(0);
    store.applyRetention({ maxAgeMs: 0, maxBytes: 0 }, Number.MAX_SAFE_INTEGER);
    expect(store.count()).toBe(0);
    expect(timelineCount(store)).toBe(0);
    expect(sqlOf(store).prepare('SELECT count(*) FROM timeline_sources WHERE source = ?').pluck().get(source)).toBe(0);
  });
});
