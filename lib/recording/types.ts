/**
 * The recording format, version 1 (docs/recording-format.md), as typed values. A recording line is parsed
 * into one of these at the edge; everything inside the pipeline works with them.
 */
import type { EpochMs } from '../time';
import type { KubeObject } from '../kube/objects';

export const RECORDING_VERSION = 1;
/** A line longer than this is refused: it protects the reader's memory. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** `deployments` (apps/v1) is optional: a recording without it still reads, and a forbidden watch of it blinds nothing else. */
export type WatchResource = 'pods' | 'events' | 'endpointslices' | 'deployments';
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type WatchStateKind = 'connected' | 'disconnected' | 'relisted';

export interface RecordingHeader {
  drainscope: 'recording';
  version: 1;
  startedAt: string;
  cluster: string | null;
  scope: { namespaces: string[] | null; labelSelector: string | null } | null;
}

/** A watch event as drainscope received it; `object` is the validated view of the API object. */
export interface Observation {
  at: EpochMs;
  type: WatchEventType;
  object: KubeObject;
  /**
   * When the receipt time is not when the state shown came to be (an import of kubectl output, which has no
   * receipt times): that state came to be in [earliest, latest]. Absent: [at, at]. See docs/recording-format.md.
   */
  earliest?: EpochMs;
  latest?: EpochMs;
}

export interface WatchStateChange {
  at: EpochMs;
  type: 'WATCH';
  resource: WatchResource;
  state: WatchStateKind;
  reason?: string;
  /**
   * On `disconnected`: the last time the watch delivered anything (an event or a bookmark). A hang is detected
   * long after it began; the blind window starts here, not at `at`. Absent: `at`.
   */
  since?: EpochMs;
}

/** What the timeline reducer consumes, live or from a file. */
export type RecordingEntry = Observation | WatchStateChange;

export function isWatchState(entry: RecordingEntry): entry is WatchStateChange {
  return entry.type === 'WATCH';
}
