/**
 * Retention: live lines (of every cluster, ./clusters.ts) older than `maxAgeMs` go; then, while the file's used
 * pages exceed `maxBytes`, the oldest live lines go in small chunks, from whichever cluster's history is oldest. Imported recordings are kept by the time they were imported (their own times may
 * be weeks old), and when only imports remain over the size limit, the oldest import goes whole.
 *
 * A materialised timeline goes with the last of its pod's lines: a live pod's row when its last observation is
 * older than the oldest live line kept, an import's rows with the import. A pod whose first lines went and whose
 * last are kept keeps its whole timeline.
 */
import { liveSources } from './clusters';
import type { Db } from './schema';
import { LIVE_SOURCE } from './schema';

export interface RetentionPolicy {
  maxAgeMs: number;
  maxBytes: number;
}

export interface RetentionResult {
  removedByAge: number;
  removedBySize: number;
  removedImports: number;
}

/** Bytes of pages in use (the file minus its free list): what the size limit is measured on. */
export function usedBytes(db: Db): number {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return (pages - free) * pageSize;
}

export function applyRetention(db: Db, policy: RetentionPolicy, now: number): RetentionResult {
  const cutoff = now - policy.maxAgeMs;
  const removedByAge = db.prepare('DELETE FROM lines WHERE source <= ? AND at < ?').run(LIVE_SOURCE, cutoff).changes;
  if (removedByAge > 0) for (const source of liveSources(db)) removeLiveTimelinesBefore(db, source, cutoff);
  const oldImports = db.prepare('SELECT id FROM sources WHERE imported_at < ?').all(cutoff) as { id: number }[];
  let removedImports = 0;
  for (const { id } of oldImports) removedImports += dropSource(db, id);
  let removedBySize = 0;
  for (let round = 0; round < 10_000 && usedBytes(db) > policy.maxBytes; round++) {
    const removed = removeOldestLive(db);
    removedBySize += removed;
    if (removed > 0) continue;
    const oldest = db.prepare('SELECT id FROM sources ORDER BY imported_at, id LIMIT 1').get() as
      | { id: number }
      | undefined;
    if (!oldest) break;
    removedImports += dropSource(db, oldest.id);
  }
  db.pragma('incremental_vacuum');
  return { removedByAge, removedBySize, removedImports };
}

/** Removes about 1% of the oldest cluster history's lines (at least 100), oldest first; how many it removed. */
function removeOldestLive(db: Db): number {
  const oldestOf = db.prepare('SELECT min(at) FROM lines WHERE source = ?').pluck();
  let source: number | null = null;
  let oldestAt = Infinity;
  for (const candidate of liveSources(db)) {
    const at = oldestOf.get(candidate) as number | null;
    if (at !== null && at < oldestAt) [source, oldestAt] = [candidate, at];
  }
  if (source === null) return 0;
  const { n } = db.prepare('SELECT count(*) AS n FROM lines WHERE source = ?').get(source) as { n: number };
  const chunk = Math.max(100, Math.ceil(n / 100));
  const removed = db
    .prepare('DELETE FROM lines WHERE id IN (SELECT id FROM lines WHERE source = ? ORDER BY at, id LIMIT ?)')
    .run(source, chunk).changes;
  removeLiveTimelinesBefore(db, source, (oldestOf.get(source) as number | null) ?? Infinity);
  // Gives the pages the delete emptied back, so the next size check sees the effect of this round.
  db.pragma('incremental_vacuum');
  return removed;
}

function dropSource(db: Db, id: number): number {
  return db.transaction(() => {
    db.prepare('DELETE FROM lines WHERE source = ?').run(id);
    db.prepare('DELETE FROM timelines WHERE source = ?').run(id);
    db.prepare('DELETE FROM timeline_sources WHERE source = ?').run(id);
    return db.prepare('DELETE FROM sources WHERE id = ?').run(id).changes;
  })();
}

function removeLiveTimelinesBefore(db: Db, source: number, at: number): void {
  db.prepare('DELETE FROM timelines WHERE source = ? AND last_at < ?').run(source, at);
}
