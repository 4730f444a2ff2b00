/**
 * The lanes as a pure function of the pods and the view state (Jaeger's row model): grouped by workload, then by
 * ReplicaSet revision (`controllerName`) so a rollout reads as the old revision's pods terminating above the new
 * revision's pods starting. The same rows feed the canvas, the DOM headers, the table and keyboard navigation.
 *
 * Under each workload's header comes its capacity row (./capacity.ts), then the pods changing now (terminating, or
 * not ready yet) of every revision in the order they changed, then the settled pods per revision. A rollout of
 * hundreds of replicas thus shows the old pods it is deleting beside the new ones it created at about the same time,
 * on the first screen, not whichever pods sort first by name. Pods are ordered by times that do not change (delete
 * request, creation), so a delta moves a pod only when its phase changes (it starts terminating, becomes ready or is
 * gone): never on every update.
 */
import { hasProblem, podMatches, type TimelineFilter } from '../live/filters';
import type { Finding, Marker, MarkerKind, PodTimeline, Severity, WorkloadSpec } from '../timeline/types';
import { capacitySeries, observedUntil, type CapacitySeries } from './capacity';
import { findingKey, worstSeverity } from './findings';
import type { TimeSpan } from './time-scale';
import type { ViewState } from './view-state';

export interface WorkloadRow {
  kind: 'workload';
  key: string;
  namespace: string;
  /** `Deployment web`, or `bare pods` for pods without a controller. */
  label: string;
  podCount: number;
  problemCount: number;
  /** Drawn from part of the pods (the live seed still arriving): its counts are not known yet. */
  partial?: true;
}

/**
 * Ready and serving endpoints of the workload over time against its desired replicas (./capacity.ts), from all its
 * pods (whatever the search or problem filter leaves), on the epoch time line: absent while aligned.
 */
export interface CapacityRow {
  kind: 'capacity';
  /** `c:` + the workload's key. */
  key: string;
  series: CapacitySeries;
  /**
   * Held in place while the live seed arrives (`RowModelOptions.partial`): counted once every pod is in, its series
   * empty until then, so the lanes below it do not move when it is drawn.
   */
  pending?: true;
}

export interface RevisionRow {
  kind: 'revision';
  key: string;
  /** The ReplicaSet (or other controller) name. */
  label: string;
  /** Pods in this section of the revision. */
  podCount: number;
  /**
   * Not one revision but the workload's pods changing now (terminating or not ready yet) of every revision, in the
   * order they changed; `label` is then `changing now`. Absent for a revision's settled pods.
   */
  changing?: true;
  /** Drawn from part of the pods (the live seed still arriving): its count is not known yet. */
  partial?: true;
}

export interface PodRow {
  kind: 'pod';
  key: string;
  pod: PodTimeline;
  /** Subtracted from every time of the pod before drawing: its delete request when aligned, else 0. */
  offsetMs: number;
  worst: Severity | null;
  terminating: boolean;
}

/**
 * Gone pods of one revision folded into a line (./fold-gone.ts): their lifetime ended before the visible window, so
 * their lanes would be blank and push the rollout in progress below the fold.
 */
export interface FoldRow {
  kind: 'fold';
  /** `f:` + the revision row's key. */
  key: string;
  revisionKey: string;
  /** Gone pods of the revision that end before the window. */
  count: number;
  /** Of those, how many had a critical or warning gap. */
  withGaps: number;
  /** The user unfolded it: the pods follow as rows, this line offers to fold them again. */
  unfolded: boolean;
}

export type Row = WorkloadRow | CapacityRow | RevisionRow | FoldRow | PodRow;

export interface RowModel {
  rows: Row[];
  /** Pod rows only, in display order (keyboard navigation). */
  pods: PodRow[];
  /** Where the data lies on the (possibly aligned) time line; null when there is nothing to draw. */
  extent: TimeSpan | null;
  /** Pods left out by align mode because they have no delete request yet. */
  hiddenUndeleted: number;
  /** Pods matching namespace/workload/problems before search and focus (for "n of m" counts). */
  total: number;
  /** Built from part of the pods (`RowModelOptions.partial`): no count over them is known. */
  partial: boolean;
}

export interface RowModelOptions {
  /**
   * Only some of the pods are given (the live seed still arriving, lib/live/seed-reader.ts): the rows are the
   * ones they make, ordered as always, but no capacity is drawn (a capacity series from part of a workload's pods
   * would show dips that never happened: its row is held empty, `pending`) and the workload and revision rows say
   * their counts are not known.
   */
  partial?: boolean;
  /** Whether capacity rows are computed (default true); the server ordering the seed needs only the pods' order. */
  capacity?: boolean;
}

export function firstMarker(pod: PodTimeline, kind: MarkerKind): Marker | undefined {
  return pod.markers.find((m) => m.kind === kind);
}

export function toFilter(state: ViewState): TimelineFilter {
  const slash = state.workload?.indexOf('/') ?? -1;
  const workload = !state.workload
    ? null
    : slash > 0
      ? { kind: state.workload.slice(0, slash), name: state.workload.slice(slash + 1) }
      : { kind: null, name: state.workload };
  return { namespaces: state.namespaces.length ? state.namespaces : null, workload, problemsOnly: state.problemsOnly };
}

/** Case-insensitive substring on the names a user would type: pod, namespace, node, workload, revision. */
export function matchesSearch(pod: PodTimeline, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  const haystack = [
    pod.namespace,
    pod.name,
    `${pod.namespace}/${pod.name}`,
    pod.node ?? '',
    pod.workload?.name ?? '',
    pod.controllerName ?? '',
  ];
  return haystack.some((text) => text.toLowerCase().includes(needle));
}

/**
 * The times a pod is ordered by, found once per timeline: a sort compares each pod ~log2(n) times, and scanning its
 * markers on every comparison was most of the row model's cost at 1,000 pods (the live page builds it cold, on its
 * first render). Timelines are replaced on every change, never edited, so a timeline's times never change.
 */
interface OrderTimes {
  deleteAt: number;
  startAt: number;
}

const orderTimesCache = new WeakMap<PodTimeline, OrderTimes>();

function orderTimes(pod: PodTimeline): OrderTimes {
  let times = orderTimesCache.get(pod);
  if (!times) {
    times = {
      deleteAt: firstMarker(pod, 'deleteRequested')?.at ?? firstMarker(pod, 'killing')?.at ?? Number.POSITIVE_INFINITY,
      startAt: firstMarker(pod, 'created')?.at ?? pod.markers[0]?.at ?? 0,
    };
    orderTimesCache.set(pod, times);
  }
  return times;
}

function startOf(pod: PodTimeline): number {
  return orderTimes(pod).startAt;
}

/** Terminating (deleted, not gone yet) or starting (not deleted, never ready): the pods a rollout is moving now. */
export function isChanging(pod: PodTimeline): boolean {
  if (firstMarker(pod, 'podDeleted')) return false;
  if (firstMarker(pod, 'deleteRequested') || firstMarker(pod, 'killing')) return true;
  return !firstMarker(pod, 'ready') && !firstMarker(pod, 'endpointReady');
}

function deleteOf(pod: PodTimeline): number {
  return orderTimes(pod).deleteAt;
}

// What `localeCompare` without arguments compares by, made once: pods created in the same second tie on their times
// and are told apart by name.
const collator = new Intl.Collator();

/** Deleted pods first, in the order they were deleted, then by creation: times that stay put once seen. */
function comparePods(a: PodRow, b: PodRow): number {
  return (
    deleteOf(a.pod) - deleteOf(b.pod) ||
    startOf(a.pod) - startOf(b.pod) ||
    collator.compare(a.pod.name, b.pod.name) ||
    collator.compare(a.key, b.key)
  );
}

/** When a changing pod last changed phase: its delete request when terminating, else its creation. */
function changedAt(pod: PodTimeline): number {
  const deleteAt = deleteOf(pod);
  return Number.isFinite(deleteAt) ? deleteAt : startOf(pod);
}

function workloadKey(pod: PodTimeline): string {
  return `${pod.namespace}/${pod.workload ? `${pod.workload.kind}/${pod.workload.name}` : '-'}`;
}

interface Group<T> {
  key: string;
  items: T[];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Group<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return [...groups].map(([key, list]) => ({ key, items: list }));
}

/**
 * When aligned, a pod's start-up (often hours before) would squash every termination into a few pixels, and the
 * grace deadline (30 s out) would squash a termination that took 2 s: the aligned extent is what happened.
 */
const LIFE_START: ReadonlySet<MarkerKind> = new Set([
  'created',
  'scheduled',
  'ready',
  'endpointReady',
  'graceDeadline',
]);

/** Widens `extent` (mutated, to spare an allocation per marker over thousands of pods) to cover the row's markers. */
function extendExtent(extent: { startMs: number; endMs: number }, row: PodRow, aligned: boolean): void {
  const offsetMs = row.offsetMs;
  for (const m of row.pod.markers) {
    if (aligned && LIFE_START.has(m.kind)) continue;
    if (m.earliest - offsetMs < extent.startMs) extent.startMs = m.earliest - offsetMs;
    if (m.latest - offsetMs > extent.endMs) extent.endMs = m.latest - offsetMs;
  }
}

function specOf(workloads: readonly WorkloadSpec[], pod: PodTimeline): WorkloadSpec | null {
  const w = pod.workload;
  return (
    (w && workloads.find((spec) => spec.namespace === pod.namespace && spec.kind === w.kind && spec.name === w.name)) ||
    null
  );
}

/** A capacity row's place while the pods are not all in: nothing drawn, nothing counted. */
function pendingCapacityRow(key: string, spec: WorkloadSpec | null): CapacityRow {
  return {
    kind: 'capacity',
    key: `c:${key}`,
    series: { steps: [], dips: [], blind: [], peak: 0, hasSpec: spec !== null },
    pending: true,
  };
}

/** The workload's capacity row, or null when there is nothing to draw (no endpoint ever) or the lanes are aligned. */
function capacityRow(
  key: string,
  pods: readonly PodTimeline[],
  spec: WorkloadSpec | null,
  knownFromMs: number | null,
): CapacityRow | null {
  const series = capacitySeries({ pods, spec, endMs: observedUntil(pods), knownFromMs });
  return series.steps.length > 0 ? { kind: 'capacity', key: `c:${key}`, series } : null;
}

/**
 * `workloadSpecs`: the watched Deployments' specs (Analysis.workloads), for the capacity rows' desired replicas and
 * threshold; without them the rows draw counts only. `knownFromMs`: live retention forgot the pods gone before it
 * (LiveViewState.forgottenBefore), so the capacity rows start there.
 */
export function buildRowModel(
  pods: Iterable<PodTimeline>,
  findings: readonly Finding[],
  state: ViewState,
  workloadSpecs: readonly WorkloadSpec[] = [],
  knownFromMs: number | null = null,
  options: RowModelOptions = {},
): RowModel {
  const partial = options.partial === true;
  const filter = toFilter(state);
  // Capacity counts every pod of a workload, whatever the search, focus or problem filter leaves.
  const workloadPods = new Map<string, PodTimeline[]>();
  const focused = state.focus ? new Set(findings.find((f) => findingKey(f) === state.focus)?.pods ?? []) : null;
  let total = 0;
  let hiddenUndeleted = 0;
  const shown: PodRow[] = [];
  for (const pod of pods) {
    if (pod.workload && !state.align) {
      const key = workloadKey(pod);
      const list = workloadPods.get(key);
      if (list) list.push(pod);
      else workloadPods.set(key, [pod]);
    }
    if (!podMatches(filter, pod)) continue;
    total += 1;
    if (!matchesSearch(pod, state.search) || (focused && !focused.has(pod.uid))) continue;
    const deleteAt = firstMarker(pod, 'deleteRequested')?.at;
    if (state.align && deleteAt === undefined) {
      hiddenUndeleted += 1;
      continue;
    }
    shown.push({
      kind: 'pod',
      key: pod.uid,
      pod,
      offsetMs: state.align ? (deleteAt ?? 0) : 0,
      worst: worstSeverity(pod),
      terminating: deleteAt !== undefined,
    });
  }

  const rows: Row[] = [];
  const ordered: PodRow[] = [];
  const extent = { startMs: Number.POSITIVE_INFINITY, endMs: Number.NEGATIVE_INFINITY };
  const workloads = groupBy(shown, (row) => workloadKey(row.pod)).sort((a, b) => a.key.localeCompare(b.key));
  for (const workload of workloads) {
    const sample = workload.items[0]!.pod;
    rows.push({
      kind: 'workload',
      key: `w:${workload.key}`,
      namespace: sample.namespace,
      label: sample.workload ? `${sample.workload.kind} ${sample.workload.name}` : 'bare pods',
      podCount: workload.items.length,
      problemCount: workload.items.filter((row) => hasProblem(row.pod)).length,
      ...(partial && { partial: true as const }),
    });
    const capacity =
      !sample.workload || state.align || options.capacity === false
        ? null
        : partial
          ? pendingCapacityRow(workload.key, specOf(workloadSpecs, sample))
          : capacityRow(workload.key, workloadPods.get(workload.key) ?? [], specOf(workloadSpecs, sample), knownFromMs);
    if (capacity) rows.push(capacity);
    const revisions = groupBy(workload.items, (row) => row.pod.controllerName ?? '-');
    // Oldest revision first: the pods being replaced sit above their replacements. Starts computed once per group,
    // not per comparison.
    const revisionStart = new Map(
      revisions.map((group) => [
        group,
        group.items.reduce((min, row) => Math.min(min, startOf(row.pod)), Number.POSITIVE_INFINITY),
      ]),
    );
    revisions.sort((a, b) => revisionStart.get(a)! - revisionStart.get(b)! || a.key.localeCompare(b.key));
    const push = (row: PodRow) => {
      rows.push(row);
      ordered.push(row);
      extendExtent(extent, row, state.align);
    };
    // A rollout deletes old pods as its new ones become ready: in the order they changed, each old pod sits near the
    // new pods created about when it was deleted. Ties keep the revisions' order.
    const revisionIndex = new Map(revisions.map((group, index) => [group.key, index]));
    const changing = workload.items.filter((row) => isChanging(row.pod));
    changing.sort(
      (a, b) =>
        changedAt(a.pod) - changedAt(b.pod) ||
        revisionIndex.get(a.pod.controllerName ?? '-')! - revisionIndex.get(b.pod.controllerName ?? '-')! ||
        comparePods(a, b),
    );
    if (changing.length > 0) {
      rows.push({
        kind: 'revision',
        key: `r:${workload.key}#changing`,
        label: 'changing now',
        podCount: changing.length,
        changing: true,
        ...(partial && { partial: true as const }),
      });
      changing.forEach(push);
    }
    for (const revision of revisions) {
      const settled = revision.items.filter((row) => !isChanging(row.pod)).sort(comparePods);
      if (settled.length === 0) continue;
      rows.push({
        kind: 'revision',
        key: `r:${workload.key}/${revision.key}`,
        label: revision.key === '-' ? 'no controller' : revision.key,
        podCount: settled.length,
        ...(partial && { partial: true as const }),
      });
      settled.forEach(push);
    }
  }
  return {
    rows,
    pods: ordered,
    extent: extent.startMs <= extent.endMs ? extent : null,
    hiddenUndeleted,
    total,
    partial,
  };
}
