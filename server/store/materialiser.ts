/**
 * The engine that materialises a source's timelines from its stored lines, where no live reducer hands them over:
 * an import, a rebuild, rows caught up after a crash (./rebuild.ts); live rows are the hub's (./store.ts). It
 * folds every stored line in, in the order the lines are stored, and on `write` re-derives only the pods those lines changed (takeChangedPodUids,
 * the live hub's batching) and writes their rows. Same reducer and derivation as a replay, so a row holds what
 * replaying the source up to that line gives for that pod.
 *
 * Memory stays bounded like the hub's (lib/timeline/prune.ts): a pod gone for `pruneAfterMs` of recording time
 * leaves the state; its row stays as it was. A line about it arriving later still (rare: an event delivered
 * an hour after the pod went) no longer changes the row. An import knows its lines ahead (./import-references.ts)
 * and drops a pod only once no line to come can change it (`pruneFinished`): its rows are exactly a replay's.
 */
import { isWatchState, type RecordingEntry } from '@/lib/recording/types';
import { applyEntry, createTimelineState, takeChangedPodUids, type TimelineState } from '@/lib/timeline/engine';
import { podExtent } from '@/lib/timeline/pod-extent';
import { podsGoneBefore, pruneOrphans, prunePods } from '@/lib/timeline/prune';
import { derivePod } from '@/lib/timeline/timeline';
import type { FutureReferences } from './import-references';
import { PodRows } from './pod-rows';
import type { TimelineWriter } from './timeline-rows';

const PRUNE_EVERY_MS = 60_000;

export class TimelineMaterialiser {
  private state: TimelineState;
  private slicesAt: number | null = null;
  private slicesWritten = false;
  private prunedAt = -Infinity;
  /** What each pod's row holds, so a line that changed nothing drawn does not rewrite the JSON. */
  private readonly written: PodRows;

  constructor(
    readonly source: number,
    readonly allowanceSeconds: number,
    private readonly pruneAfterMs = Infinity,
  ) {
    this.state = createTimelineState({ allowanceSeconds });
    this.written = new PodRows(source);
  }

  apply(entry: RecordingEntry): void {
    this.state = applyEntry(this.state, entry);
    if (this.slicesAt === null && !isWatchState(entry) && entry.object.kind === 'EndpointSlice')
      this.slicesAt = entry.at;
  }

  /** Writes the rows of the pods changed since the last write; call inside the transaction that stores the lines. */
  write(writer: TimelineWriter): void {
    for (const uid of this.takeChanged()) this.writePod(writer, uid);
    this.endWrite(writer);
  }

  /**
   * The pods `write` would write now, for a caller that writes them a few at a time (`writePod`, then `endWrite`),
   * in several transactions: the state must not change (no `apply`) until it has written them all.
   */
  takeChanged(): string[] {
    return takeChangedPodUids(this.state);
  }

  writePod(writer: TimelineWriter, uid: string): void {
    const pod = derivePod(this.state, uid);
    const evidence = this.state.pods.get(uid);
    if (pod && evidence) this.written.write(writer, pod, podExtent(evidence));
  }

  endWrite(writer: TimelineWriter): void {
    if (this.slicesAt !== null && !this.slicesWritten) {
      writer.slicesSeen(this.source, this.slicesAt);
      this.slicesWritten = true;
    }
    this.prune();
  }

  /** Pods the engine holds now: what its memory grows with. */
  get podCount(): number {
    return this.state.pods.size;
  }

  /**
   * Import only, right after `write`: drops the pods whose rows hold their final timeline, and returns how many.
   * A pod's timeline is final when no line still to come can change its derivation (lib/timeline/timeline.ts
   * derivePod): it is gone, nothing of it is expected or open, no slice lists it (a later slice could drop it
   * without naming it), no line from `appliedBefore` on names its uid or its name, and no blind window that
   * reaches back over its life is open or opens later. Pods of one name go together: each one's controller
   * delete is bounded by the next one's creation. Every line before `appliedBefore` must have been applied.
   * Evidence kept for pods not seen (yet) goes when no line to come names them.
   */
  pruneFinished(references: FutureReferences, appliedBefore: number): number {
    const state = this.state;
    const finished = (uid: string): boolean => {
      const pod = state.pods.get(uid);
      if (!pod || pod.deletedAt === null || state.pending.has(uid) || state.endpoints.podSlices.has(uid)) return false;
      if (references.lastForUid(uid) >= appliedBefore) return false;
      const deletedAt = pod.deletedAt;
      for (const open of state.watch.open.values()) if (open.from <= deletedAt) return false;
      return !references.blindWindowOpensLaterReaching(deletedAt, appliedBefore);
    };
    const gone: string[] = [];
    for (const [key, uids] of state.uidsByName) {
      if (references.lastForName(key) >= appliedBefore || !uids.every(finished)) continue;
      gone.push(...uids);
    }
    this.state = prunePods(state, gone);
    for (const uid of gone) {
      this.written.forget(uid);
      state.pending.delete(uid);
    }
    for (const uid of state.podEvents.keys()) {
      if (!state.pods.has(uid) && references.lastForUid(uid) < appliedBefore) state.podEvents.delete(uid);
    }
    for (const key of state.controllerDeletes.keys()) {
      if (!state.uidsByName.has(key) && references.lastForName(key) < appliedBefore)
        state.controllerDeletes.delete(key);
    }
    for (const uid of state.endpoints.history.keys()) {
      if (!state.pods.has(uid) && !state.endpoints.podSlices.has(uid) && references.lastForUid(uid) < appliedBefore)
        state.endpoints.history.delete(uid);
    }
    return gone.length;
  }

  /** Forgets what changed so far without writing it: the rows already hold it (a resume after a restart). */
  discardChanges(): void {
    takeChangedPodUids(this.state);
    this.slicesWritten = this.slicesAt !== null;
  }

  private prune(): void {
    const newest = this.state.lastEntryAt;
    if (newest === null || this.pruneAfterMs === Infinity || newest - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = newest;
    const cutoff = newest - this.pruneAfterMs;
    const gone = podsGoneBefore(this.state, cutoff);
    this.state = pruneOrphans(prunePods(this.state, gone), cutoff);
    for (const uid of gone) this.written.forget(uid);
  }
}
