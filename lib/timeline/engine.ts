/**
 * The timeline engine: a reducer that accumulates evidence per pod uid (reducer.ts), and derivations run on
 * demand (timeline.ts for one pod, findings.ts across pods). Live use and replay call the same functions in the
 * same order, so they give the same result.
 */
import type { RecordingEntry } from '../recording/types';
import { compareStrings } from './compare';
import { deriveFindings } from './findings';
import { applyEntry } from './reducer';
import { createTimelineState, type EngineOptions, type TimelineState } from './state';
import { derivePod, type DerivedPod } from './timeline';
import type { Analysis, PodTimeline, WorkloadSpec } from './types';
import { workloadSpecs } from './workload-spec';

export { applyEntry, createTimelineState };
export type { EngineOptions, TimelineState };

/**
 * The uids whose timeline may have changed since the last call, sorted; only pods with a timeline. A change of a
 * watch-blind interval touches every pod alive then, which costs O(pods) here, once per take, instead of per entry.
 */
export function takeChangedPodUids(state: TimelineState): string[] {
  const changed = state.changed;
  const blindFrom = state.blindChangedFrom;
  if (state.lastEntryAt !== state.lastTakeAt) for (const uid of state.pending) changed.add(uid);
  state.lastTakeAt = state.lastEntryAt;
  if (blindFrom !== null) {
    for (const [uid, pod] of state.pods) {
      if (pod.deletedAt === null || pod.deletedAt >= blindFrom) changed.add(uid);
    }
  }
  const uids = [...changed].filter((uid) => state.pods.has(uid)).sort(compareStrings);
  state.changed = new Set();
  state.blindChangedFrom = null;
  return uids;
}

/** The workloads' spec histories if any changed since the last call, else null. */
export function takeChangedWorkloads(state: TimelineState): WorkloadSpec[] | null {
  if (!state.workloadsChanged) return null;
  state.workloadsChanged = false;
  return workloadSpecs(state.workloads);
}

export function buildPodTimeline(state: TimelineState, uid: string): PodTimeline | undefined {
  return derivePod(state, uid)?.timeline;
}

function comparePods(a: DerivedPod, b: DerivedPod): number {
  return (
    a.facts.orderAt - b.facts.orderAt ||
    compareStrings(a.timeline.namespace, b.timeline.namespace) ||
    compareStrings(a.timeline.name, b.timeline.name) ||
    compareStrings(a.timeline.uid, b.timeline.uid)
  );
}

/**
 * The analysis `buildAnalysis(state)` gives, from pods already derived (`derivePod(state, uid)` for every pod that
 * has a timeline): the live hub keeps them, and deriving every pod again for each findings update was most of its
 * work during a big rollout (at 10,000 pods, 280-550 ms against 32-44 ms).
 */
export function analysisOf(state: TimelineState, derived: Iterable<DerivedPod>): Analysis {
  const sorted = [...derived].sort(comparePods);
  const analysis: Analysis = {
    allowanceSeconds: state.allowanceSeconds,
    pods: sorted.map((pod) => pod.timeline),
    findings: deriveFindings({
      pods: sorted,
      allowanceSeconds: state.allowanceSeconds,
      endpointSlicesSeen: state.endpoints.sawSlice,
    }),
  };
  // Only when a Deployment was watched: an analysis without one is what it was before Deployments were read.
  const workloads = workloadSpecs(state.workloads);
  if (workloads.length > 0) analysis.workloads = workloads;
  return analysis;
}

/** Every pod seen, ordered by delete request (else first termination marker, else creation), then namespace/name. */
export function buildAnalysis(state: TimelineState): Analysis {
  const derived: DerivedPod[] = [];
  for (const uid of state.pods.keys()) {
    const pod = derivePod(state, uid);
    if (pod) derived.push(pod);
  }
  return analysisOf(state, derived);
}

export function analyzeEntries(entries: Iterable<RecordingEntry>, options?: EngineOptions): Analysis {
  let state = createTimelineState(options);
  for (const entry of entries) state = applyEntry(state, entry);
  return buildAnalysis(state);
}
