/**
 * Writing derived pods as timeline rows, skipping what would not change a row: a pod re-derived after an
 * observation that changed nothing drawn gets its extent updated, not its JSON rewritten. Used by both writers of
 * rows: the live path (./store.ts, the hub's derived pods) and the engine that materialises an import or catches
 * rows up with their lines (./materialiser.ts).
 */
import { createHash } from 'node:crypto';
import type { PodExtent } from '@/lib/timeline/pod-extent';
import type { DerivedPod } from '@/lib/timeline/timeline';
import { podJson, type TimelineWriter } from './timeline-rows';

interface Written {
  /** sha1 of the row's JSON. */
  digest: string;
  extent: PodExtent;
}

export class PodRows {
  /** What each pod's row holds, for the pods still followed. */
  private readonly written = new Map<string, Written>();

  constructor(readonly source: number) {}

  write(writer: TimelineWriter, pod: DerivedPod, extent: PodExtent): void {
    const uid = pod.timeline.uid;
    const json = podJson(pod);
    // A digest, not the JSON: the JSON of every pod followed would be a good part of the memory the engine uses.
    const digest = createHash('sha1').update(json).digest('base64');
    const known = this.written.get(uid);
    if (known?.digest === digest) {
      if (!sameExtent(known.extent, extent)) writer.touch(this.source, uid, extent);
    } else {
      writer.upsert(this.source, { pod, extent }, json);
    }
    this.written.set(uid, { digest, extent });
  }

  /** The pod is no longer followed (pruned): its row stays as it is. */
  forget(uid: string): void {
    this.written.delete(uid);
  }
}

function sameExtent(a: PodExtent, b: PodExtent): boolean {
  return a.firstSeenAt === b.firstSeenAt && a.lastSeenAt === b.lastSeenAt && a.deletedAt === b.deletedAt;
}
