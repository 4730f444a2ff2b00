/**
 * Materialising a source from its stored lines: an import once its lines are in (`materialiseImport`, a page per
 * transaction, pruning pods as their timelines become final), and every source of a store whose timelines are missing or were derived with another allowance
 * (a store written before timelines were materialised; a changed DRAINSCOPE_ALLOWANCE). Pages through the lines
 * in the order a replay reads them: an open iterator would keep the connection from writing the rows.
 */
import type { FutureReferences } from './import-references';
import type { Pause } from './import-lifecycle';
import type { RecordingEntry } from '@/lib/recording/types';
import { entriesOf, lastLineId, replayRows, sourceSpan, type StoredLine } from './lines';
import { TimelineMaterialiser } from './materialiser';
import { isLiveSource, type Db } from './schema';
import { throughId, timelineWriter } from './timeline-rows';

const PAGE = 20_000;
/** Bumped when the stored JSON's shape or the derivation changes, so old rows are rebuilt. */
const TIMELINES_VERSION = 2;

export function materialiseSource(db: Db, source: number, allowanceSeconds: number, pruneAfterMs: number): void {
  const writer = timelineWriter(db);
  db.prepare('DELETE FROM timelines WHERE source = ?').run(source);
  db.prepare('DELETE FROM timeline_sources WHERE source = ?').run(source);
  const materialiser = new TimelineMaterialiser(
    source,
    allowanceSeconds,
    isLiveSource(source) ? pruneAfterMs : Infinity,
  );
  const page = db.prepare(
    'SELECT id, at, line FROM lines WHERE source = @source AND (at > @at OR (at = @at AND id > @id)) ORDER BY at, id LIMIT @limit',
  );
  let after = { at: -Infinity, id: -1 };
  for (;;) {
    const rows = page.all({ source, ...after, limit: PAGE }) as StoredLine[];
    for (const entry of entriesOf(rows)) materialiser.apply(entry);
    materialiser.write(writer);
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    after = { at: last.at, id: last.id };
  }
  writer.through(source, lastLineId(db, source));
}

export interface ImportTimelineStats {
  /** Pods dropped from the engine once their rows held their final timeline. */
  pruned: number;
  /** The most pods the engine held at once: what its memory followed. */
  peakPods: number;
  /** Slices of work, each followed by a pause. */
  slices: number;
}

export interface ImportTimelineOptions {
  pause: Pause;
  /** Lines read per query. */
  pageLines: number;
  /** Lines applied between two writes of the changed pods' rows (and prunes): each write re-derives every pod whose timeline runs with the clock. */
  writeEveryLines: number;
  /** How long one slice of work may hold the event loop before pausing (a line, a pod more is finished first). */
  sliceMs: number;
}

/**
 * An import's timelines, built from its stored lines in slices of at most `sliceMs` (a slice applies lines, or
 * writes some changed pods' rows in one transaction), `pause` between them, with the engine's state kept to the
 * pods whose timeline can still change (TimelineMaterialiser.pruneFinished): what the lines still to come name is
 * in `references`. The rows are those materialiseSource writes: the lines are applied in the same order, the
 * changed pods derived from the same states (no line is applied while a write is under way), and pruning only
 * drops what no later line changes.
 */
export async function materialiseImport(
  db: Db,
  source: number,
  allowanceSeconds: number,
  references: FutureReferences,
  options: ImportTimelineOptions,
): Promise<ImportTimelineStats> {
  const writer = timelineWriter(db);
  const materialiser = new TimelineMaterialiser(source, allowanceSeconds);
  const page = db.prepare(
    'SELECT id, at, line FROM lines WHERE source = @source AND (at > @at OR (at = @at AND id > @id)) ORDER BY at, id LIMIT @limit',
  );
  const stats: ImportTimelineStats = { pruned: 0, peakPods: 0, slices: 0 };
  const pause = async (): Promise<void> => {
    stats.slices += 1;
    await options.pause();
  };
  let after = { at: -Infinity, id: -1 };
  let done = false;
  let unwritten = 0;
  while (!done) {
    const started = performance.now();
    do {
      const rows = page.all({ source, ...after, limit: options.pageLines }) as StoredLine[];
      for (const entry of entriesOf(rows)) materialiser.apply(entry);
      unwritten += rows.length;
      const last = rows.at(-1);
      if (last) after = { at: last.at, id: last.id };
      done = rows.length < options.pageLines;
    } while (!done && unwritten < options.writeEveryLines && performance.now() - started < options.sliceMs);
    if (!done && unwritten < options.writeEveryLines) {
      await pause();
      continue;
    }
    unwritten = 0;
    const uids = materialiser.takeChanged();
    let next = 0;
    for (;;) {
      const sliceStart = performance.now();
      db.transaction(() => {
        while (next < uids.length && performance.now() - sliceStart < options.sliceMs)
          materialiser.writePod(writer, uids[next++] as string);
        if (next < uids.length) return;
        materialiser.endWrite(writer);
        stats.peakPods = Math.max(stats.peakPods, materialiser.podCount);
        // Lines are applied in (at, id) order: every line before the last one's `at` is in; some at that time may not be.
        stats.pruned += materialiser.pruneFinished(references, done ? Infinity : after.at);
        if (done) writer.through(source, lastLineId(db, source));
      })();
      if (next >= uids.length) break;
      await pause();
    }
    if (!done) await pause();
  }
  return stats;
}

function metaValue(allowanceSeconds: number): string {
  return JSON.stringify({ version: TIMELINES_VERSION, allowanceSeconds });
}

/** Rebuilds every source's timelines unless they were derived as this store derives them; true when it did. */
export function ensureMaterialised(db: Db, allowanceSeconds: number, pruneAfterMs: number): boolean {
  const expected = metaValue(allowanceSeconds);
  const stored = db.prepare("SELECT value FROM timeline_meta WHERE key = 'timelines'").pluck().get() as
    | string
    | undefined;
  if (stored === expected) return false;
  db.transaction(() => {
    const sources = db.prepare('SELECT DISTINCT source FROM lines').pluck().all() as number[];
    for (const source of sources) materialiseSource(db, source, allowanceSeconds, pruneAfterMs);
    db.prepare("INSERT OR REPLACE INTO timeline_meta (key, value) VALUES ('timelines', ?)").run(expected);
  })();
  return true;
}

/**
 * Brings a live source's rows up to date with its lines when they are behind (`through_id` before its last line):
 * after a crash (the rows lag the acknowledged lines by up to the store's materialise interval), or when lines
 * were appended with no live reducer handing the store its timelines (a tool or test using the store alone). The
 * engine resumes as the hub does, from the lines of the last `resumeMs` before the source's last line: the lines
 * up to `through_id` only rebuild its state (their effect is in the rows), those after it are written.
 */
export function catchUpSource(db: Db, source: number, allowanceSeconds: number, resumeMs: number): void {
  const through = throughId(db, source);
  const last = lastLineId(db, source);
  const span = sourceSpan(db, source);
  if (last <= through || !span) return;
  const materialiser = new TimelineMaterialiser(source, allowanceSeconds, resumeMs);
  const after: RecordingEntry[] = [];
  for (const row of replayRows(db, { source, from: span.to - resumeMs, to: span.to })) {
    for (const entry of entriesOf([row])) {
      if (row.id <= through) materialiser.apply(entry);
      else after.push(entry);
    }
  }
  materialiser.discardChanges();
  for (const entry of after) materialiser.apply(entry);
  const writer = timelineWriter(db);
  db.transaction(() => {
    materialiser.write(writer);
    writer.through(source, last);
  })();
}
