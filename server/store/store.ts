/**
 * The recording store: every line the live pipeline sees, kept in SQLite with indexed columns for time-range
 * queries. Writes are grouped: `append` queues a line and a timer commits the queue in one transaction every
 * `commitIntervalMs` (or at once when `maxBatch` lines are waiting), so a burst of thousands of lines costs a few
 * commits, not thousands. A line is acknowledged when its transaction has committed (`onCommit`, `flush`).
 *
 * Each pod's timeline is materialised as its lines arrive (./materialiser.ts, ./timeline-rows.ts): the group
 * commit that stores a batch of lines also rewrites the timelines of the pods that batch changed, in the same
 * transaction, so an acknowledged line's effect on its pod is stored exactly when the line is; after a crash
 * there is nothing to rebuild. Opening a window then reads the rows of the pods seen in it instead of replaying
 * its lines: a million-line hour of a thousand pods is a thousand rows. The price is paid once per line at write
 * time (the engine's reducer, plus one derivation per changed pod per commit), where the hub pays it already.
 * Materialising at write time rather than caching replays at read time keeps every read the same cost however
 * long the window, and a row is the pod's whole timeline, not one cut at a window's edges.
 *
 * The live engine here starts empty: on the first append after opening it resumes from the stored lines of the
 * last `resumeMs` (as the hub does, ./live.ts), so a pod that lived across a restart keeps its row's history
 * only as far back as that window. Imports are materialised whole when they commit (./rebuild.ts).
 */
import type { RecordingEntry } from '@/lib/recording/types';
import { DEFAULT_ALLOWANCE_SECONDS } from '@/lib/timeline/types';
import { columnsOf, type LineColumns } from './columns';
import { entriesOf, rangeLines } from './history';
import { TimelineMaterialiser } from './materialiser';
import { ensureMaterialised } from './rebuild';
import { LIVE_SOURCE, openDatabase, type Db } from './schema';
import { timelineWriter } from './timeline-rows';

export interface RecordingStoreOptions {
  /** The SQLite file, or `:memory:` in tests. */
  file: string;
  commitIntervalMs?: number;
  maxBatch?: number;
  /** The propagation allowance the timelines are derived with: the hub's, so history reads like live. */
  allowanceSeconds?: number;
  /** How long the live engine remembers a pod after it went, and how far back it resumes after a restart. */
  resumeMs?: number;
}

export interface StoredLine {
  id: number;
  at: number;
  line: string;
}

interface Pending {
  columns: LineColumns;
  line: string;
}

/** Called after each group commit with how many lines it committed and the highest id committed so far. */
export type CommitListener = (committed: number, lastId: number) => void;

export class RecordingStore {
  readonly db: Db;
  private pending: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<CommitListener>();
  private readonly commitIntervalMs: number;
  private readonly maxBatch: number;
  private readonly insertMany: (batch: Pending[]) => number;
  private closed = false;
  readonly allowanceSeconds: number;
  readonly resumeMs: number;
  /** Created on the first append, resumed from the stored lines then: a store only read never pays for it. */
  private materialiser: TimelineMaterialiser | null = null;

  constructor(options: RecordingStoreOptions) {
    this.db = openDatabase(options.file);
    this.commitIntervalMs = options.commitIntervalMs ?? 5;
    this.maxBatch = options.maxBatch ?? 5000;
    this.allowanceSeconds = options.allowanceSeconds ?? DEFAULT_ALLOWANCE_SECONDS;
    this.resumeMs = options.resumeMs ?? 3_600_000;
    ensureMaterialised(this.db, this.allowanceSeconds, this.resumeMs);
    const writer = timelineWriter(this.db);
    const insert = this.db.prepare(
      'INSERT INTO lines (source, at, kind, namespace, uid, pod_uid, term, workload, node, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertMany = this.db.transaction((batch: Pending[]) => {
      let lastId = 0;
      for (const { columns: c, line } of batch) {
        lastId = Number(insert.run(LIVE_SOURCE, c.at, c.kind, c.namespace, c.uid, c.podUid, c.term, c.workload, c.node, line).lastInsertRowid);
      }
      try {
        this.materialiser?.write(writer);
      } catch (error) {
        // The lines are what must not be lost; a timeline left behind is rebuilt from them (timeline_meta).
        this.db.prepare("DELETE FROM timeline_meta WHERE key = 'timelines'").run();
        console.error(`drainscope: materialising timelines failed, they are rebuilt on the next open: ${error instanceof Error ? error.message : String(error)}`);
      }
      return lastId;
    });
  }

  /** Queues one live line (exactly as written by lib/recording/writer.ts) with the entry it was made from. */
  append(entry: RecordingEntry, line: string): void {
    if (this.closed) return;
    (this.materialiser ??= this.resumedMaterialiser()).apply(entry);
    this.pending.push({ columns: columnsOf(entry), line });
    if (this.pending.length >= this.maxBatch) this.commit();
    else this.timer ??= setTimeout(() => this.commit(), this.commitIntervalMs);
  }

  /** The live engine, caught up with the stored lines of the last `resumeMs` (their rows already hold them). */
  private resumedMaterialiser(): TimelineMaterialiser {
    const materialiser = new TimelineMaterialiser(LIVE_SOURCE, this.allowanceSeconds, this.resumeMs);
    const span = this.liveSpan();
    if (span) {
      for (const entry of entriesOf(rangeLines(this, { source: LIVE_SOURCE, from: span.to - this.resumeMs, to: span.to }))) materialiser.apply(entry);
    }
    materialiser.discardChanges();
    return materialiser;
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Commits what is queued now; every line appended before the call is acknowledged when it returns. */
  commit(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const lastId = this.insertMany(batch);
    for (const listener of this.listeners) listener(batch.length, lastId);
  }

  /** Lines of one source between `from` and `to` (inclusive, epoch ms), in time order, then insertion order. */
  *range(from: number, to: number, source = LIVE_SOURCE): Generator<StoredLine> {
    this.commit();
    const statement = this.db.prepare('SELECT id, at, line FROM lines WHERE source = ? AND at BETWEEN ? AND ? ORDER BY at, id');
    yield* statement.iterate(source, from, to) as IterableIterator<StoredLine>;
  }

  /**
   * One page of a range after the line (`afterAt`, `afterId`), for readers that pause between pages (a download):
   * an open `range` iterator would keep the connection busy and block the live writer's commits meanwhile.
   */
  page(range: { source: number; from: number; to: number }, after: { at: number; id: number } | null, limit: number): StoredLine[] {
    this.commit();
    const start = after ?? { at: range.from, id: -1 };
    return this.db
      .prepare('SELECT id, at, line FROM lines WHERE source = @source AND at BETWEEN @from AND @to AND (at > @at OR (at = @at AND id > @id)) ORDER BY at, id LIMIT @limit')
      .all({ source: range.source, from: start.at, to: range.to, at: start.at, id: start.id, limit }) as StoredLine[];
  }

  /**
   * For each object seen in [from, to], its last line before `from`: replaying a range from its middle then
   * starts from each pod's and slice's state at `from`, not from nothing.
   */
  prologue(from: number, to: number, source = LIVE_SOURCE): StoredLine[] {
    this.commit();
    return this.db
      .prepare(
        `SELECT id, at, line FROM lines WHERE id IN (
           SELECT (SELECT max(p.id) FROM lines p WHERE p.source = @source AND p.uid = r.uid AND p.at < @from)
           FROM (SELECT DISTINCT uid FROM lines WHERE source = @source AND at BETWEEN @from AND @to AND uid IS NOT NULL AND kind != 'Event') r
         ) ORDER BY at, id`,
      )
      .all({ source, from, to }) as StoredLine[];
  }

  count(source?: number): number {
    this.commit();
    const row = (source === undefined ? this.db.prepare('SELECT count(*) AS n FROM lines').get() : this.db.prepare('SELECT count(*) AS n FROM lines WHERE source = ?').get(source)) as { n: number };
    return row.n;
  }

  /** The time span of the live recording, or null when it is empty. */
  liveSpan(): { from: number; to: number } | null {
    this.commit();
    const row = this.db.prepare('SELECT min(at) AS from_at, max(at) AS to_at FROM lines WHERE source = ?').get(LIVE_SOURCE) as { from_at: number | null; to_at: number | null };
    return row.from_at === null || row.to_at === null ? null : { from: row.from_at, to: row.to_at };
  }

  close(): void {
    if (this.closed) return;
    this.commit();
    this.closed = true;
    this.db.close();
  }
}
