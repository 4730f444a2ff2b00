/**
 * What an import's lines will still say about each pod, collected while the lines are read and stored, before
 * any timeline is built: the newest time (`at`) at which a line names a pod's uid (its Pod, an event about it,
 * an EndpointSlice listing it) or its `namespace/name` (a Pod of that name, a controller's SuccessfulDelete naming
 * it), and where a watch disconnection opens a blind window.
 *
 * Building the timelines then knows when a gone pod's timeline is final: no line still to come can change it, so
 * its row can be written and its evidence dropped (./materialiser.ts pruneFinished). A live store cannot know
 * the future and forgets pods after a time instead, which may cut a late line's effect; an import cuts nothing.
 *
 * Holds two numbers a pod (and one per blind window), not the lines: a small part of what the engine would hold.
 */
import { CONTROLLER_DELETE_REASON } from '@/lib/kube/event-reasons';
import { isWatchState, type RecordingEntry } from '@/lib/recording/types';
import { deletedPodName } from '@/lib/timeline/events';
import { nameKey } from '@/lib/timeline/state';

export class FutureReferences {
  private readonly byUid = new Map<string, number>();
  private readonly byName = new Map<string, number>();
  /** Each `disconnected` line: when it is applied (`at`) and where its blind window starts (`from`). */
  private readonly disconnects: { at: number; from: number }[] = [];

  /** Notes what one line of the import refers to; the lines may come in any order. */
  add(entry: RecordingEntry): void {
    const at = entry.at;
    if (isWatchState(entry)) {
      if (entry.state === 'disconnected') this.disconnects.push({ at, from: Math.min(entry.since ?? at, at) });
      return;
    }
    const object = entry.object;
    if (object.kind === 'Pod') {
      note(this.byUid, object.metadata.uid, at);
      note(this.byName, nameKey(object.metadata.namespace ?? '', object.metadata.name), at);
      return;
    }
    if (object.kind === 'EndpointSlice') {
      for (const endpoint of object.endpoints ?? []) {
        const uid = endpoint.targetRef?.uid;
        if (uid) note(this.byUid, uid, at);
      }
      return;
    }
    if (object.kind === 'Deployment') return;
    // Whatever the kind the event names: the engine takes an event without one as a pod's.
    const core = object.apiVersion === 'v1';
    const involved = core ? object.involvedObject : object.regarding;
    if (involved.uid) note(this.byUid, involved.uid, at);
    if (object.reason !== CONTROLLER_DELETE_REASON) return;
    const podName = deletedPodName((core ? object.message : object.note) ?? '');
    // normalizeEvent's namespace (lib/timeline/events.ts): the one the engine files the delete under.
    const namespace = involved.namespace ?? object.metadata.namespace ?? '';
    if (podName) note(this.byName, nameKey(namespace, podName), at);
  }

  /** The newest `at` of a line naming this pod uid; -Infinity when none does. */
  lastForUid(uid: string): number {
    return this.byUid.get(uid) ?? -Infinity;
  }

  /** The newest `at` of a line naming this `namespace/name`; -Infinity when none does. */
  lastForName(key: string): number {
    return this.byName.get(key) ?? -Infinity;
  }

  /** Whether a disconnection applied at or after `notBefore` opens a blind window that starts at or before `at`. */
  blindWindowOpensLaterReaching(at: number, notBefore: number): boolean {
    return this.disconnects.some((disconnect) => disconnect.at >= notBefore && disconnect.from <= at);
  }
}

function note(map: Map<string, number>, key: string, at: number): void {
  const known = map.get(key);
  if (known === undefined || at > known) map.set(key, at);
}
