/**
 * Materialising a source from its stored lines: an import once its lines are in (`materialiseImport`, a page per
 * transaction, pruning pods as their timelines become final), and every source of a store whose timelines are missing or were derived with another allowance
 * (a store written before timelines were materialised; a changed DRAINSCOPE_ALLOWANCE). Pages through the lines
 * in the order a replay reads them: an open iterator would keep the connection from writing the rows.
 */
import { entriesOf } from './history';
import type { FutureReferences } from './import-references';
import type { Pause } from './import-lifecycle';
import { TimelineMaterialiser } from './materialiser';
import { LIVE_SOURCE, type Db } from './schema';
import type { StoredLine } from './store';
import { timelineWriter } from './timeline-rows';

const PAGE = 20_000;
/** Bumped when the stored JSON's shape or the derivation changes, so old rows are rebuilt. */
const TIMELINES_VERSION = 2;

export function materialiseSource(db: Db, source: number, allowanceSeconds: number, pruneAfterMs: number): void {
  const writer = timelineWriter(db);
  db.prepare('DELETE FROM timelines WHERE source = ?').run(source);
  db.prepare('DELETE FROM timeline_sources WHERE source = ?').run(source);
  const materialiser = new TimelineMaterialiser(source, allowanceSeconds, source === LIVE_SOURCE ? pruneAfterMs : Infinity);
  const page = db.prepare('SELECT id, at, line FROM lines WHERE source = @source AND (at > @at OR (at = @at AND id > @id)) ORDER BY at, id LIMIT @limit');
  let after = { at: -Infinity, id: -1 };
  for (;;) {
    const rows = page.all({ source, ...after, limit: PAGE }) as StoredLine[];
    for (const entry of entriesOf(rows)) materialiser.apply(entry);
    materialiser.write(writer);
    const last = rows.at(-1);
    if (!last || rows.length < PAGE) break;
    after = { at: last.at, id: last.id };
  }
  writer.through(source, (db.prepare('SELECT max(id) FROM lines WHERE source = ?').pluck().get(source) as number | null) ?? 0);
}

export interface ImportTimelineStats {
  /** Pods dropped from the engine once their rows held their final timeline. */
  pruned: number;
  /** The most pods the engine held at once: what its memory followed. */
  peakPods: number;
  /** Transactions the timelines were written in. */
  pages: number;
}

/**
 * An import's timelines, built from its stored lines a page at a time, each page in its own transaction with
 * `pause` between (the event loop stays free), and with the engine's state kept to the pods whose timeline can
 * still change (TimelineMaterialiser.pruneFinished): what the lines still to come name is in `references`.
 * The rows are those materialiseSource writes: pruning only drops what no later line changes.
 */
export async function materialiseImport(db: Db, source: number, allowanceSeconds: number, references: FutureReferences, options: { pageLines: number; pause: Pause }): Promise<ImportTimelineStats> {
  const writer = timelineWriter(db);
  const materialiser = new TimelineMaterialiser(source, allowanceSeconds);
  const page = db.prepare('SELECT id, at, line FROM lines WHERE source = @source AND (at > @at OR (at = @at AND id > @id)) ORDER BY at, id LIMIT @limit');
  const stats: ImportTimelineStats = { pruned: 0, peakPods: 0, pages: 0 };
  let after = { at: -Infinity, id: -1 };
  const step = db.transaction((): boolean => {
    const rows = page.all({ source, ...after, limit: options.pageLines }) as StoredLine[];
    for (const entry of entriesOf(rows)) materialiser.apply(entry);
    materialiser.write(writer);
    stats.peakPods = Math.max(stats.peakPods, materialiser.podCount);
    stats.pages += 1;
    const last = rows.at(-1);
    const done = !last || rows.length < options.pageLines;
    // Lines are applied in (at, id) order: every line before the last one's `at` is in; some at that time may not be.
    stats.pruned += materialiser.pruneFinished(references, done ? Infinity : (last?.at ?? Infinity));
    if (last) after = { at: last.at, id: last.id };
    if (done) writer.through(source, (db.prepare('SELECT max(id) FROM lines WHERE source = ?').pluck().get(source) as number | null) ?? 0);
    return done;
  });
  while (!step()) await options.pause();
  return stats;
}

function metaValue(allowanceSeconds: number): string {
  return JSON.stringify({ version: TIMELINES_VERSION, allowanceSeconds });
}

/** Rebuilds every source's timelines unless they were derived as this store derives them; true when it did. */
export function ensureMaterialised(db: Db, allowanceSeconds: number, pruneAfterMs: number): boolean {
  const expected = metaValue(allowanceSeconds);
  const stored = db.prepare("SELECT value FROM timeline_meta WHERE key = 'timelines'").pluck().get() as string | undefined;
  if (stored === expected) return false;
  db.transaction(() => {
    const sources = db.prepare('SELECT DISTINCT source FROM lines').pluck().all() as number[];
    for (const source of sources) materialiseSource(db, source, allowanceSeconds, pruneAfterMs);
    db.prepare("INSERT OR REPLACE INTO timeline_meta (key, value) VALUES ('timelines', ?)").run(expected);
  })();
  return true;
}
