/**
 * The recording store: every line the live pipeline sees, kept in SQLite with indexed columns for time-range
 * queries. Writes are grouped: `append` queues a line and a timer commits the queue in one transaction every
 * `commitIntervalMs` (or at once when `maxBatch` lines are waiting), so a burst of thousands of lines costs a few
 * commits, not thousands. A line is acknowledged when its transaction has committed (`onCommit`, `flush`).
 *
 * Each pod's timeline is materialised from its source's lines (./materialiser.ts, ./timeline-rows.ts), so that
 * opening a window reads the rows of the pods seen in it instead of replaying its lines: a million-line hour of
 * a thousand pods is a thousand rows. Materialising at write time rather than caching replays at read time keeps
 * every read the same cost however long the window, and a row is the pod's whole timeline, not one cut at a
 * window's edges.
 *
 * Live lines go through the engine's reducer as they are appended (~2 µs a line). Deriving a changed pod's
 * timeline costs ~15 µs, so it is done at most every `materialiseIntervalMs` (and before any read), for the
 * pods changed since, inside a group commit: the rows and `through_id` (the last line whose effect they hold)
 * commit together with lines. A crash can leave the rows behind the acknowledged lines by that interval; the
 * next open sees `through_id` behind the last line and brings the rows up to date from the lines after it
 * before anything reads them. The live engine here starts empty: it resumes from the stored lines of the last
 * `resumeMs` (as the hub does, ./live.ts), so a pod that lived across a restart keeps its row's history only as
 * far back as that window. Imports are materialised whole when they commit (./rebuild.ts).
 */
import type { Episode } from '@/lib/episodes/types';
import type { RangeSize } from '@/lib/review/review-size';
import type { RecordingEntry } from '@/lib/recording/types';
import { DEFAULT_ALLOWANCE_SECONDS, type Analysis } from '@/lib/timeline/types';
import type { ClusterIdentity } from '../kube/cluster-identity';
import { clusterById, clusterIdOfSource, currentCluster, listClusters, liveSources, recordCluster, type StoredCluster } from './clusters';
import { columnsOf, type LineColumns } from './columns';
import { listEpisodes } from './episodes';
import { exportHeader } from './export';
import { MAX_REPLAY_LINES, openWindow, replayRange } from './history';
import { importRecording, type ImportOptions, type ImportResult } from './import';
import { importedHeader, importedRange } from './import-lifecycle';
import { countLines, countRange, entriesOf, lastLineId, pageRows, prologueRows, rangeRows, replayRows, sourceSpan, type StoredLine, type StoredRange } from './lines';
import { TimelineMaterialiser } from './materialiser';
import { rangeSize } from './range-size';
import { ensureMaterialised } from './rebuild';
import { applyRetention, usedBytes, type RetentionPolicy, type RetentionResult } from './retention';
import { LIVE_SOURCE, openDatabase, type Db } from './schema';
import { throughId, timelineWriter } from './timeline-rows';

export type { StoredLine, StoredRange } from './lines';
export type { StoredCluster } from './clusters';

export interface RecordingStoreOptions {
  /** The SQLite file, or `:memory:` in tests. */
  file: string;
  commitIntervalMs?: number;
  maxBatch?: number;
  /** The propagation allowance the timelines are derived with: the hub's, so history reads like live. */
  allowanceSeconds?: number;
  /** How long the live engine remembers a pod after it went, and how far back it resumes after a restart. */
  resumeMs?: number;
  materialiseIntervalMs?: number;
  /** Told when opening rebuilt the timelines from the lines (a store from before they were kept: it takes a while). */
  log?: (message: string) => void;
}

interface Pending {
  columns: LineColumns;
  line: string;
}

/** Called after each group commit with how many lines it committed and the highest id committed so far. */
export type CommitListener = (committed: number, lastId: number) => void;

/**
 * Everything the rest of the server may do with stored lines and timelines: append and commit live lines, read
 * ranges, episodes and analyses, import, export and retention. The database stays inside (no SQL outside
 * server/store); tests that must look at rows use server/store/testing/sql.ts.
 */
export class RecordingStore {
  private readonly db: Db;
  readonly allowanceSeconds: number;
  readonly resumeMs: number;
  private pending: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timelinesTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<CommitListener>();
  private readonly commitIntervalMs: number;
  private readonly maxBatch: number;
  private readonly materialiseIntervalMs: number;
  private readonly insertMany: (batch: Pending[], timelines: boolean) => number;
  private closed = false;
  /** Created on the first append (or an open that finds the rows behind): a store only read never pays for it. */
  private materialiser: TimelineMaterialiser | null = null;
  /** Lines applied to the live engine whose effect the rows do not hold yet. */
  private unwritten = false;
  private materialisedAt = 0;
  private lastId = 0;
  /** Where live lines go: the watched cluster's source (./clusters.ts); 0 until `useCluster` names one. */
  private source = LIVE_SOURCE;

  constructor(options: RecordingStoreOptions) {
    this.db = openDatabase(options.file);
    this.commitIntervalMs = options.commitIntervalMs ?? 5;
    this.maxBatch = options.maxBatch ?? 5000;
    this.allowanceSeconds = options.allowanceSeconds ?? DEFAULT_ALLOWANCE_SECONDS;
    this.resumeMs = options.resumeMs ?? 3_600_000;
    this.materialiseIntervalMs = options.materialiseIntervalMs ?? 1000;
    const rebuildStart = performance.now();
    if (ensureMaterialised(this.db, this.allowanceSeconds, this.resumeMs) && this.count() > 0) {
      options.log?.(`drainscope: rebuilt the stored timelines from ${this.count().toLocaleString('en')} stored lines in ${((performance.now() - rebuildStart) / 1000).toFixed(1)} s`);
    }
    const writer = timelineWriter(this.db);
    const insert = this.db.prepare(
      'INSERT INTO lines (source, at, kind, namespace, uid, pod_uid, term, workload, node, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertMany = this.db.transaction((batch: Pending[], timelines: boolean) => {
      for (const { columns: c, line } of batch) {
        this.lastId = Number(insert.run(this.source, c.at, c.kind, c.namespace, c.uid, c.podUid, c.term, c.workload, c.node, line).lastInsertRowid);
      }
      if (timelines && this.materialiser) {
        this.unwritten = false;
        this.materialisedAt = performance.now();
        try {
          this.materialiser.write(writer);
          writer.through(this.source, this.lastId);
        } catch (error) {
          // The lines are what must not be lost: the timelines are rebuilt from them on the next open.
          this.db.prepare("DELETE FROM timeline_meta WHERE key = 'timelines'").run();
          console.error(`drainscope: materialising timelines failed; they are rebuilt when the store next opens: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return this.lastId;
    });
    this.lastId = lastLineId(this.db);
    // A crash left some cluster's rows behind its lines: each is brought up to date before anything reads it.
    for (const source of liveSources(this.db)) {
      if (lastLineId(this.db, source) <= throughId(this.db, source)) continue;
      this.source = source;
      this.resumedMaterialiser();
      this.materialise();
      this.materialiser = null;
    }
    this.source = LIVE_SOURCE;
  }

  /** The source live lines are stored under: the cluster `useCluster` named, else 0. */
  get liveSource(): number {
    return this.source;
  }

  /**
   * From now on live lines belong to this cluster (recorded the first time it is seen): resume, the live span and
   * what is appended read and write its source only. What was appended before is committed under the previous one.
   */
  useCluster(identity: ClusterIdentity, name: string | null, now: number): StoredCluster {
    if (this.pending.length > 0 || this.unwritten) this.materialise();
    const cluster = recordCluster(this.db, identity, name, now);
    if (cluster.source !== this.source) {
      this.materialiser = null;
      this.unwritten = false;
      this.source = cluster.source;
    }
    return cluster;
  }

  /** Queues one live line (exactly as written by lib/recording/writer.ts) with the entry it was made from. */
  append(entry: RecordingEntry, line: string): void {
    if (this.closed) return;
    (this.materialiser ??= this.resumedMaterialiser()).apply(entry);
    this.unwritten = true;
    this.pending.push({ columns: columnsOf(entry), line });
    if (this.pending.length >= this.maxBatch) this.commit();
    else this.timer ??= setTimeout(() => this.commit(), this.commitIntervalMs);
  }

  /**
   * Catches the live engine up with the stored lines of a window, handing each line on as it reads it (the hub
   * resumes from the same read, ./live.ts). The lines up to `through_id` are in the rows already; those after it
   * (a crash came first) are left for the next write. Once caught up, it only hands the lines on.
   */
  resumeLive(window: { from: number; to: number }, onLine: (entry: RecordingEntry, line: string) => void = () => undefined): void {
    const materialiser = this.materialiser ? null : new TimelineMaterialiser(this.source, this.allowanceSeconds, this.resumeMs);
    const through = throughId(this.db, this.source);
    const after: RecordingEntry[] = [];
    this.commit();
    for (const row of replayRows(this.db, { source: this.source, ...window })) {
      for (const entry of entriesOf([row])) {
        onLine(entry, row.line);
        if (!materialiser) continue;
        if (row.id <= through) materialiser.apply(entry);
        else after.push(entry);
      }
    }
    if (!materialiser) return;
    materialiser.discardChanges();
    for (const entry of after) materialiser.apply(entry);
    this.unwritten = after.length > 0;
    this.materialiser = materialiser;
  }

  private resumedMaterialiser(): TimelineMaterialiser {
    const span = this.liveSpan();
    if (span) this.resumeLive({ from: span.to - this.resumeMs, to: span.to });
    this.materialiser ??= new TimelineMaterialiser(this.source, this.allowanceSeconds, this.resumeMs);
    return this.materialiser;
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Commits what is queued now; every line appended before the call is acknowledged when it returns. */
  commit(): void {
    this.commitNow(false);
  }

  /** Commits what is queued and brings the timelines up to date with it: what a read of the timelines needs. */
  materialise(): void {
    this.commitNow(true);
  }

  private commitNow(timelines: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const due = this.unwritten && (timelines || performance.now() - this.materialisedAt >= this.materialiseIntervalMs);
    if (this.pending.length === 0 && !due) return;
    const batch = this.pending;
    this.pending = [];
    const lastId = this.insertMany(batch, due);
    if (due && this.timelinesTimer) clearTimeout(this.timelinesTimer);
    if (due) this.timelinesTimer = null;
    // Rows left behind when the lines stop coming: brought up to date within the interval all the same.
    if (this.unwritten) {
      this.timelinesTimer ??= setTimeout(() => this.materialise(), this.materialiseIntervalMs);
      this.timelinesTimer.unref?.();
    }
    if (batch.length > 0) for (const listener of this.listeners) listener(batch.length, lastId);
  }

  /**
   * Lines of one source (by default the live recording of the cluster watched now) between `from` and `to`
   * (inclusive, epoch ms), in time order, then insertion order.
   */
  *range(from: number, to: number, source = this.source): Generator<StoredLine> {
    this.commit();
    yield* rangeRows(this.db, { source, from, to });
  }

  /**
   * One page of a range after the line (`afterAt`, `afterId`), for readers that pause between pages (a download):
   * an open `range` iterator would keep the connection busy and block the live writer's commits meanwhile.
   */
  page(range: StoredRange, after: { at: number; id: number } | null, limit: number): StoredLine[] {
    this.commit();
    return pageRows(this.db, range, after, limit);
  }

  /**
   * For each object seen in [from, to], its last line before `from`: replaying a range from its middle then
   * starts from each pod's and slice's state at `from`, not from nothing.
   */
  prologue(from: number, to: number, source = this.source): StoredLine[] {
    this.commit();
    return prologueRows(this.db, { source, from, to });
  }

  count(source?: number): number {
    this.commit();
    return countLines(this.db, source);
  }

  countRange(range: StoredRange): number {
    this.commit();
    return countRange(this.db, range);
  }

  /** How many lines a range holds and, over `limit`, the stretches from either end that fit (./range-size.ts). */
  rangeSize(range: StoredRange, limit?: number): RangeSize {
    this.commit();
    return rangeSize(this.db, range, limit);
  }

  /** The time span of the live recording (the current cluster's), or null when it is empty. */
  liveSpan(): { from: number; to: number } | null {
    this.commit();
    return sourceSpan(this.db, this.source);
  }

  /** Every stored cluster, most recently seen first, then the unknown cluster when it holds lines. */
  clusters(): StoredCluster[] {
    return listClusters(this.db);
  }

  /** The stored cluster `id` names (0: the unknown cluster), or null. */
  cluster(id: number): StoredCluster | null {
    return clusterById(this.db, id);
  }

  /** The cluster live lines go to now. */
  currentCluster(): StoredCluster {
    return currentCluster(this.db, this.source);
  }

  /** A finished import's whole range, or null when there is no such import. */
  importedRange(source: number): StoredRange | null {
    return importedRange(this.db, source);
  }

  /** A recording (plain or gzip) or kubectl watch output, stored whole or not at all (./import.ts). */
  importRecording(body: AsyncIterable<Uint8Array>, options: ImportOptions): Promise<ImportResult> {
    return importRecording(this.db, this.allowanceSeconds, body, options);
  }

  /** The header line an export of the range starts with: an import's own, else one naming the range's cluster. */
  exportHeader(range: StoredRange): string {
    const cluster = clusterById(this.db, clusterIdOfSource(range.source));
    return exportHeader(range, importedHeader(this.db, range.source), { cluster: cluster?.name ?? null });
  }

  /** The materialised timelines of the pods seen in the range, with their findings. */
  openWindow(range: StoredRange): Analysis {
    this.materialise();
    return openWindow(this.db, range, this.allowanceSeconds);
  }

  /** The range's own lines replayed with another allowance (refused over `maxLines`: ./history.ts). */
  replayRange(range: StoredRange, allowanceSeconds: number, maxLines = MAX_REPLAY_LINES): Analysis {
    this.commit();
    return replayRange(this.db, range, allowanceSeconds, maxLines);
  }

  /** The range's analysis: its materialised timelines, or a replay when asked for another allowance. */
  analyzeRange(range: StoredRange, allowanceSeconds = this.allowanceSeconds, maxLines = MAX_REPLAY_LINES): Analysis {
    return allowanceSeconds === this.allowanceSeconds ? this.openWindow(range) : this.replayRange(range, allowanceSeconds, maxLines);
  }

  /** Termination episodes of one cluster (by default the one watched now) and every import overlapping the range. */
  episodes(range: { from: number; to: number }, cluster: StoredCluster = this.currentCluster()): Episode[] {
    this.materialise();
    return listEpisodes(this.db, range, this.allowanceSeconds, cluster);
  }

  /** Removes what the policy no longer keeps (./retention.ts). */
  applyRetention(policy: RetentionPolicy, now: number): RetentionResult {
    this.commit();
    return applyRetention(this.db, policy, now);
  }

  /** Bytes of pages in use: what the size limit is measured on. */
  usedBytes(): number {
    return usedBytes(this.db);
  }

  close(): void {
    if (this.closed) return;
    this.materialise();
    if (this.timelinesTimer) clearTimeout(this.timelinesTimer);
    this.closed = true;
    this.db.close();
  }
}
