/**
 * The recording store: every line the live pipeline sees, kept in SQLite with indexed columns for time-range
 * queries. Writes are grouped: `append` queues a line and a timer commits the queue in one transaction every
 * `commitIntervalMs` (or at once when `maxBatch` lines are waiting), so a burst of thousands of lines costs a few
 * commits, not thousands. A line is acknowledged when its transaction has committed (`onCommit`, `commit`). The
 * write-ahead log is copied back into the file by a worker thread (./wal-checkpointer.ts), not inside a commit.
 *
 * Each pod's timeline is materialised as a row (./timeline-rows.ts), so that opening a window reads the rows of
 * the pods seen in it instead of replaying its lines: a million-line hour of a thousand pods is a thousand rows.
 * Materialising at write time rather than caching replays at read time keeps every read the same cost however
 * long the window, and a row is the pod's whole timeline, not one cut at a window's edges.
 *
 * Live rows are the hub's derivations, not a second reduction: the store follows the live reducer
 * (`followLive`), which hands it each pod a flush changed and says when a flush ended (every line appended
 * before it is in what it derived). At most every `materialiseIntervalMs` (and before any read) the latest
 * derivation of each changed pod is written inside a group commit, with `through_id`: the last line whose effect
 * the rows hold. A crash can leave the rows behind the acknowledged lines by that interval; the next open sees
 * `through_id` behind the last line and catches the rows up from the lines after it (./rebuild.ts
 * catchUpSource, an engine resumed from the last `resumeMs` of lines as the hub resumes) before anything reads
 * them. A store no live reducer feeds (a tool, a test of the store alone) catches up the same way when read.
 * Imports are materialised by their own engine when they commit (./rebuild.ts): they are not live.
 */
import type { Episode, EpisodeSummary } from '@/lib/episodes/types';
import type { RangeSize } from '@/lib/review/review-size';
import { isWatchState, type RecordingEntry } from '@/lib/recording/types';
import { DEFAULT_ALLOWANCE_SECONDS, DEFAULT_LIVE_RETENTION_MS } from '@/lib/config-defaults';
import type { Analysis } from '@/lib/timeline/types';
import type { PodExtent } from '@/lib/timeline/pod-extent';
import type { DerivedPod } from '@/lib/timeline/timeline';
import type { ClusterIdentity } from '../kube/cluster-identity';
import {
  clusterById,
  clusterIdOfSource,
  currentCluster,
  listClusters,
  liveSources,
  recordCluster,
  type StoredCluster,
} from './clusters';
import { columnsOf, type LineColumns } from './columns';
import { lineInsert } from './line-insert';
import { describeEpisode, listEpisodes } from './episodes';
import { exportHeader } from './export';
import { MAX_REPLAY_LINES, openWindow, replayRange } from './history';
import { importRecording, type ImportOptions, type ImportResult } from './import';
import { importedHeader, importedRange } from './import-lifecycle';
import {
  countLines,
  countRange,
  entriesOf,
  lastLineId,
  pageRows,
  prologueRows,
  rangeRows,
  replayRows,
  sourceSpan,
  type StoredLine,
  type StoredRange,
} from './lines';
import { PodRows } from './pod-rows';
import { rangeSize } from './range-size';
import { catchUpSource, ensureMaterialised } from './rebuild';
import { applyRetention, usedBytes, type RetentionPolicy, type RetentionResult } from './retention';
import { LIVE_SOURCE, openDatabase, type Db } from './schema';
import { timelineWriter, type MaterialisedPod, type TimelineWriter } from './timeline-rows';
import { WalCheckpointer } from './wal-checkpointer';

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

/**
 * When the checkpoint worker is asked to copy the log back (./wal-checkpointer.ts): after this many committed lines
 * (a burst: big commits), or this many commits (a trickle: each small commit still rewrites a page of every index
 * it touches, so the log grows with commits more than with lines). Either keeps it well under `wal_autocheckpoint`.
 */
const CHECKPOINT_EVERY_LINES = 5000;
const CHECKPOINT_EVERY_COMMITS = 100;
/** How long, and up to how many lines, group commits wait for a checkpoint under way before committing anyway. */
const MAX_HOLD_MS = 250;
const MAX_HELD_BATCHES = 4;

interface Pending {
  columns: LineColumns;
  line: string;
}

/**
 * The live reducer the rows come from (the hub, server/hub/hub.ts HubObserver): a structural interface, so the
 * store names nothing above it. `derived` gives each pod a flush changed, `flushed` ends each flush (every entry
 * the reducer had ingested is in what it derived), `removed` a pod it forgot.
 */
export interface LiveTimelines {
  observe(observer: {
    derived?(pod: DerivedPod, extent: PodExtent): void;
    flushed?(): void;
    removed?(uid: string): void;
  }): () => void;
  flush(): void;
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
  /** Checkpoints off the event loop; null for a store in memory. */
  private readonly checkpointer: WalCheckpointer | null;
  private linesSinceCheckpoint = 0;
  private commitsSinceCheckpoint = 0;
  /** Since when group commits wait for a checkpoint to end (null: they do not). */
  private heldSince: number | null = null;
  private timelinesTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<CommitListener>();
  private readonly commitIntervalMs: number;
  private readonly maxBatch: number;
  private readonly materialiseIntervalMs: number;
  private readonly insertMany: (batch: Pending[], timelines: boolean) => number;
  private closed = false;
  /** The live reducer whose derived pods become the rows (`followLive`); null: rows catch up from the lines. */
  private live: LiveTimelines | null = null;
  /** Reading back stored lines into the live reducer (`resumeLive`): what it derives from them is in the rows already. */
  private resuming = false;
  /** The live reducer's latest derivation of each pod it changed since the rows were last written. */
  private derived = new Map<string, MaterialisedPod>();
  private rows = new PodRows(LIVE_SOURCE);
  /** The live reducer's last flush held every line appended before it: this many of `pending` (null: none since). */
  private coveredPending: number | null = null;
  /** The last committed line whose effect `derived` (and the rows) hold. */
  private coveredId = 0;
  /** The first EndpointSlice line of this source, and whether its time is written. */
  private slicesAt: number | null = null;
  private slicesWritten = false;
  /** Lines appended whose effect the rows do not hold yet. */
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
    this.resumeMs = options.resumeMs ?? DEFAULT_LIVE_RETENTION_MS;
    this.materialiseIntervalMs = options.materialiseIntervalMs ?? 1000;
    const log = options.log ?? ((message: string) => console.error(message));
    this.checkpointer =
      options.file === ':memory:' ? null : new WalCheckpointer(options.file, (why) => log(`drainscope: ${why}`));
    const rebuildStart = performance.now();
    if (ensureMaterialised(this.db, this.allowanceSeconds, this.resumeMs) && this.count() > 0) {
      options.log?.(
        `drainscope: rebuilt the stored timelines from ${this.count().toLocaleString('en')} stored lines in ${((performance.now() - rebuildStart) / 1000).toFixed(1)} s`,
      );
    }
    const writer = timelineWriter(this.db);
    const insert = lineInsert(this.db);
    this.insertMany = this.db.transaction((batch: Pending[], timelines: boolean) => {
      const covered = this.coveredPending;
      if (covered === 0) this.coveredId = this.lastId;
      for (let index = 0; index < batch.length; index++) {
        const { columns: c, line } = batch[index] as Pending;
        this.lastId = insert(this.source, c, line);
        if (index + 1 === covered) this.coveredId = this.lastId;
      }
      this.coveredPending = null;
      if (timelines) this.writeTimelines(writer);
      return this.lastId;
    });
    this.lastId = lastLineId(this.db);
    this.coveredId = this.lastId;
    // A crash left some cluster's rows behind its lines: each is brought up to date before anything reads it.
    for (const source of liveSources(this.db)) catchUpSource(this.db, source, this.allowanceSeconds, this.resumeMs);
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
      this.source = cluster.source;
      this.derived.clear();
      this.rows = new PodRows(cluster.source);
      this.slicesAt = null;
      this.slicesWritten = false;
      this.unwritten = false;
    }
    return cluster;
  }

  /**
   * The rows of live lines are the live reducer's derivations (the hub's, server/hub/hub.ts): the store writes the
   * pods it changed, per flush, instead of reducing every line a second time. Each entry must reach the reducer
   * before it is appended here, so that a flush holds every line appended before it. Returns how to stop.
   */
  followLive(live: LiveTimelines): () => void {
    this.live = live;
    const stop = live.observe({
      derived: (pod, extent) => {
        if (!this.resuming) this.derived.set(pod.timeline.uid, { pod, extent });
      },
      flushed: () => {
        if (this.resuming) return;
        if (this.pending.length === 0) this.coveredId = this.lastId;
        else this.coveredPending = this.pending.length;
      },
      // Forgotten by the reducer (gone longer than its retention): the row stays as it was.
      removed: (uid) => this.rows.forget(uid),
    });
    return () => {
      stop();
      if (this.live === live) this.live = null;
    };
  }

  /** Queues one live line (exactly as written by lib/recording/writer.ts) with the entry it was made from. */
  append(entry: RecordingEntry, line: string): void {
    if (this.closed) return;
    if (this.slicesAt === null && !isWatchState(entry) && entry.object.kind === 'EndpointSlice')
      this.slicesAt = entry.at;
    this.unwritten = true;
    this.pending.push({ columns: columnsOf(entry), line });
    if (this.pending.length >= this.maxBatch) this.groupCommit();
    else this.timer ??= setTimeout(() => this.groupCommit(), this.commitIntervalMs);
  }

  /**
   * The queue's commit, held back while a checkpoint copies the log (a bounded time, a bounded queue): once it has
   * copied every frame, this commit starts the log again from its beginning instead of growing it.
   */
  private groupCommit(): void {
    if (this.checkpointer?.checkpointing && this.pending.length < MAX_HELD_BATCHES * this.maxBatch) {
      const now = performance.now();
      this.heldSince ??= now;
      if (now - this.heldSince < MAX_HOLD_MS) {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.groupCommit(), this.commitIntervalMs);
        return;
      }
    }
    this.commit();
  }

  /**
   * Hands the stored lines of a window on, in replay order (the live reducer resumes from them, ./live.ts). What the
   * reducer derives from them is in the rows already (the store caught its rows up when it opened), so it is not
   * written again: a pod's row changes again when a line after the resume changes it.
   */
  resumeLive(window: { from: number; to: number }, onLine: (entry: RecordingEntry, line: string) => void): void {
    this.commit();
    this.resuming = true;
    try {
      for (const row of replayRows(this.db, { source: this.source, ...window })) {
        for (const entry of entriesOf([row])) onLine(entry, row.line);
      }
      this.live?.flush();
    } finally {
      this.resuming = false;
    }
  }

  /** Writes the live reducer's derivations, or, with none following, catches the rows up from the lines. */
  private writeTimelines(writer: TimelineWriter): void {
    this.materialisedAt = performance.now();
    try {
      if (this.slicesAt !== null && !this.slicesWritten) {
        writer.slicesSeen(this.source, this.slicesAt);
        this.slicesWritten = true;
      }
      if (!this.live) {
        catchUpSource(this.db, this.source, this.allowanceSeconds, this.resumeMs);
        this.unwritten = false;
        return;
      }
      for (const { pod, extent } of this.derived.values()) this.rows.write(writer, pod, extent);
      this.derived.clear();
      writer.through(this.source, this.coveredId);
      this.unwritten = this.coveredId < this.lastId || this.pending.length > 0;
    } catch (error) {
      // The lines are what must not be lost: the timelines are rebuilt from them on the next open.
      this.db.prepare("DELETE FROM timeline_meta WHERE key = 'timelines'").run();
      this.unwritten = false;
      console.error(
        `drainscope: materialising timelines failed; they are rebuilt when the store next opens: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
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
    // The reducer's pending batch first, so the rows hold every line appended so far.
    if (this.unwritten) this.live?.flush();
    this.commitNow(true);
  }

  private commitNow(timelines: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.heldSince = null;
    // Without a live reducer the rows catch up from the lines, a replay: only when something reads them.
    const due =
      this.unwritten &&
      (timelines || (this.live !== null && performance.now() - this.materialisedAt >= this.materialiseIntervalMs));
    if (this.pending.length === 0 && !due) return;
    const batch = this.pending;
    this.pending = [];
    const lastId = this.insertMany(batch, due);
    this.linesSinceCheckpoint += batch.length;
    this.commitsSinceCheckpoint++;
    if (
      this.linesSinceCheckpoint >= CHECKPOINT_EVERY_LINES ||
      this.commitsSinceCheckpoint >= CHECKPOINT_EVERY_COMMITS
    ) {
      this.linesSinceCheckpoint = 0;
      this.commitsSinceCheckpoint = 0;
      this.checkpointer?.request();
    }
    if (due && this.timelinesTimer) clearTimeout(this.timelinesTimer);
    if (due) this.timelinesTimer = null;
    // Rows left behind when the lines stop coming: brought up to date within the interval all the same.
    if (this.unwritten && this.live) {
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
    return allowanceSeconds === this.allowanceSeconds
      ? this.openWindow(range)
      : this.replayRange(range, allowanceSeconds, maxLines);
  }

  /** Termination episodes of one cluster (by default the one watched now) and every import overlapping the range. */
  episodes(range: { from: number; to: number }, cluster: StoredCluster = this.currentCluster()): Episode[] {
    this.materialise();
    return listEpisodes(this.db, range, this.allowanceSeconds, cluster);
  }

  /** What the episode `id` (whose range is `range`) is about, for the review's header; null when not found again. */
  describeEpisode(id: string, range: StoredRange): EpisodeSummary | null {
    this.materialise();
    return describeEpisode(this.db, id, range);
  }

  /** Removes what the policy no longer keeps (./retention.ts). */
  applyRetention(policy: RetentionPolicy, now: number): RetentionResult {
    this.commit();
    return applyRetention(this.db, policy, now);
  }

  /** WAL checkpoints run on the worker thread so far (./wal-checkpointer.ts). */
  walCheckpoints(): number {
    return this.checkpointer?.completed ?? 0;
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
    this.checkpointer?.close();
    this.db.close();
  }
}
