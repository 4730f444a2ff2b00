/**
 * Derives one pod's timeline from the accumulated evidence: pure, run on demand. Also returns the few per-pod
 * facts the findings need that the timeline does not carry (which containers are sidecars, the kubelet's grace).
 */
import { compareStrings } from './compare';
import type { EpochMs } from '../time';
import { terminationCause } from './cause';
import { endpointMarkers } from './endpoint-markers';
import {
  eventEvidence,
  firstOccurrence,
  firstOccurrenceFrom,
  isRestartKill,
  type EventOccurrence,
  type EventRecord,
} from './events';
import { deriveGaps, gapsAsOf } from './gaps';
import { later, type TimeInterval } from './interval';
import { SECOND_MS } from '../time';
import { evictedByKubelet, killRestart, kubeletGrace, workloadGraceSeconds, type KubeletGrace } from './kubelet-grace';
import { inferContainerStop, type ContainerStop } from './kubelet-inference';
import type { PodEvidence } from './pod-evidence';
import type { ContainerSpec, PodSpecSummary } from './pod-spec';
import { podMarkers } from './pod-markers';
import { nameKey, type TimelineState } from './state';
import { MARKER_KINDS, type Marker, type MarkerKind, type PodTimeline } from './types';
import { closedInterval } from './watch-blind';

export interface PodFacts {
  sidecars: ReadonlySet<string>;
  /**
   * The grace the workload is given: the deletion G in force (before any force delete), else the spec's. What
   * the findings size against; a force delete or a node-pressure eviction overrides it and is not a setting.
   */
  kubeletGraceSeconds: number;
  /** A node-pressure eviction: the kubelet chose the grace itself (1 s), so no pod setting would have helped. */
  evictedByKubelet: boolean;
  /**
   * A later delete shortened the grace while the kubelet stopped the pod: a SIGKILL then says how long someone
   * let it run, not how long its drain takes.
   */
  graceShortened: boolean;
  stops: ContainerStop[];
  /** Sort key for the pod list: delete request, else first termination marker, else creation. */
  orderAt: EpochMs;
}

export interface DerivedPod {
  timeline: PodTimeline;
  facts: PodFacts;
}

const STOPPING_CONTAINER = /^Stopping container (\S+)/;

const MARKER_RANK = new Map(MARKER_KINDS.map((kind, index) => [kind, index]));
const rankOf = (kind: MarkerKind): number => MARKER_RANK.get(kind) ?? -1;

function compareMarkers(a: Marker, b: Marker): number {
  return a.at - b.at || rankOf(a.kind) - rankOf(b.kind) || compareStrings(a.container ?? '', b.container ?? '');
}

function killingContainer(event: EventRecord, spec: PodSpecSummary): string | null {
  const named = event.container ?? STOPPING_CONTAINER.exec(event.message)?.[1] ?? null;
  if (named) return named;
  const containers = spec.containers;
  return containers.length === 1 ? (containers[0]?.name ?? null) : null;
}

interface KillingSeen {
  marker: Marker;
  event: EventRecord;
}

/**
 * The kubelet's clock and the apiserver's may disagree by a little: a `Killing` this much before the delete request
 * is still taken as the termination's.
 */
const CLOCK_SKEW_MS = 2 * SECOND_MS;

/**
 * Which occurrence of a `Killing` is this termination's. A single one is what it is. A merged one (the same
 * message for every kill of the container: a sandbox change weeks ago, the termination today, the kill restarted
 * by a shorter grace) is the first at or after the delete request, else the first since the pod existed; when
 * unreported occurrences may lie before it, it is only bounded (firstOccurrenceFrom).
 */
function terminationKilling(
  event: EventRecord,
  createdAt: EpochMs | null,
  deleteRequested: Marker | undefined,
): EventOccurrence | null {
  if (event.count <= 1 && !event.combined) return firstOccurrence(event);
  const notBefore = deleteRequested ? deleteRequested.earliest - CLOCK_SKEW_MS : (createdAt ?? -Infinity);
  const occurrence = firstOccurrenceFrom(event, notBefore);
  if (!occurrence || occurrence.exact || !deleteRequested) return occurrence;
  // Unreported occurrences may lie between: the kubelet acts on the delete within moments, so draw it there.
  const { earliest, latest } = occurrence.at;
  return { ...occurrence, at: { at: Math.min(Math.max(deleteRequested.latest, earliest), latest), earliest, latest } };
}

/**
 * The first termination `Killing` per container (the earliest of several). A `Killing` for a restart (isRestartKill)
 * is not a termination: the container runs again.
 */
function killingMarkers(
  events: readonly EventRecord[],
  spec: PodSpecSummary,
  deleteRequested: Marker | undefined,
): Map<string, KillingSeen> {
  const byContainer = new Map<string, KillingSeen>();
  for (const event of events) {
    if (event.reason !== 'Killing' || isRestartKill(event.message)) continue;
    const occurrence = terminationKilling(event, spec.createdAt, deleteRequested);
    if (!occurrence) continue;
    const container = killingContainer(event, spec);
    const known = container === null ? undefined : byContainer.get(container);
    if (container === null || (known && known.marker.at <= occurrence.at.at)) continue;
    const { at, earliest, latest } = occurrence.at;
    const precision = occurrence.exact ? 'second' : 'estimated';
    byContainer.set(container, {
      marker: {
        kind: 'killing',
        precision,
        at,
        earliest,
        latest,
        container,
        evidence: [eventEvidence(event, occurrence)],
      },
      event,
    });
  }
  return byContainer;
}

/**
 * A controller's SuccessfulDelete names a pod by name, and a reused name (a StatefulSet's) makes one merged event
 * of the deletes of every pod that had it: the occurrence that is this pod's lies between its creation and the
 * next pod's of that name. One only bounded (unreported occurrences around) is taken when it fits there whole.
 */
function controllerDeletesFor(state: TimelineState, evidence: PodEvidence): EventOccurrence[] {
  const events = state.controllerDeletes.get(nameKey(evidence.namespace, evidence.name));
  if (!events) return [];
  const createdAt = (uid: string): EpochMs => {
    const other = state.pods.get(uid);
    return other ? (other.spec.createdAt ?? other.firstSeenAt) : Infinity;
  };
  const siblings = state.uidsByName.get(nameKey(evidence.namespace, evidence.name)) ?? [];
  const own = createdAt(evidence.uid);
  const next = Math.min(
    ...siblings
      .filter((uid) => uid !== evidence.uid)
      .map(createdAt)
      .filter((at) => at > own),
  );
  const found: EventOccurrence[] = [];
  for (const event of events.values()) {
    // An event without times (never in practice) counts as happening when received.
    const occurrence =
      firstOccurrenceFrom(event, own) ??
      (event.occurrences.length === 0 && event.receivedAt >= own
        ? { event, at: { at: event.receivedAt, earliest: event.receivedAt, latest: event.receivedAt }, exact: true }
        : null);
    if (!occurrence) continue;
    const fits = occurrence.exact ? occurrence.at.at <= next : occurrence.at.latest <= next + SECOND_MS;
    if (fits) found.push(occurrence);
  }
  return found;
}

/** Exits of container instances the kubelet started again (seen as `lastState`): never the termination's. */
function restartedExitKeys(evidence: PodEvidence): Set<string> {
  const keys = new Set<string>();
  for (const exit of evidence.exits.values()) if (exit.restarted) keys.add(`${exit.container}@${exit.finishedAt.at}`);
  return keys;
}

/** Per container, the last exit that came after the termination began: the instance the kubelet stopped. */
function terminationExits(
  markers: readonly Marker[],
  start: TimeInterval | undefined,
  evidence: PodEvidence,
): Map<string, Marker> {
  const exits = new Map<string, Marker>();
  if (!start) return exits;
  const restarted = restartedExitKeys(evidence);
  for (const marker of markers) {
    if (
      marker.kind !== 'containerExited' ||
      !marker.container ||
      marker.latest < start.earliest ||
      restarted.has(`${marker.container}@${marker.at}`)
    )
      continue;
    const known = exits.get(marker.container);
    if (!known || known.at <= marker.at) exits.set(marker.container, marker);
  }
  return exits;
}

interface StopsInput {
  spec: PodSpecSummary;
  killings: Map<string, KillingSeen>;
  exits: Map<string, Marker>;
  events: readonly EventRecord[];
  grace: KubeletGrace;
}

function containerStops({ spec, killings, exits, events, grace }: StopsInput): ContainerStop[] {
  const main = spec.containers;
  const sidecars = spec.sidecars;
  const stops: ContainerStop[] = [];
  const stop = (container: ContainerSpec, turn?: TimeInterval | null): void => {
    const killing = killings.get(container.name);
    if (!killing) return;
    // The kubelet records hook failures against the container (fieldPath); one without it is the first container's.
    const failedPreStopHook = events.find(
      (e) => e.reason === 'FailedPreStopHook' && (e.container ?? main[0]?.name) === container.name,
    );
    const preStop = container.preStop;
    const restart = killRestart(grace, { event: killing.event, marker: killing.marker });
    stops.push(
      inferContainerStop({
        container: container.name,
        preStop,
        killing: killing.marker,
        gracePeriodSeconds: grace.initial,
        ...(grace.atLeast !== undefined && { graceAtLeastSeconds: grace.atLeast }),
        failedPreStopHook,
        exit: exits.get(container.name),
        ...(restart && { restart }),
        ...(turn === undefined ? {} : { turn }),
      }),
    );
  };
  for (const container of main) stop(container);
  // termination_ordering.go: a sidecar waits for every main container and every sidecar declared after it.
  sidecars.forEach((container, index) => {
    const killing = killings.get(container.name);
    if (!killing) return;
    const awaited = [...main, ...sidecars.slice(index + 1)].map((c) => exits.get(c.name));
    stop(
      container,
      awaited.every((exit) => exit !== undefined)
        ? awaited.reduce<TimeInterval>((acc, exit) => later(acc, exit), killing.marker)
        : null,
    );
  });
  return stops;
}

/** The first marker of a kind (markers are sorted by time). */
export function firstMarker(markers: readonly Marker[], kind: MarkerKind): Marker | undefined {
  return markers.find((marker) => marker.kind === kind);
}

function blindIntervals(
  state: TimelineState,
  evidence: PodEvidence,
  createdAt: EpochMs,
): { from: EpochMs; to: EpochMs; open: boolean }[] {
  const lastAt = state.lastEntryAt ?? evidence.lastSeenAt;
  return state.watch.intervals
    .map((interval) => closedInterval(interval, lastAt))
    .filter(
      (interval) => interval.to >= createdAt && (evidence.deletedAt === null || interval.from <= evidence.deletedAt),
    );
}

/**
 * One set per sidecar list: pods of a workload share their list (pod-spec.ts), and a set per pod was held by
 * every derived pod until the findings were made.
 */
const sidecarSets = new WeakMap<readonly ContainerSpec[], ReadonlySet<string>>();

function sidecarNames(sidecars: readonly ContainerSpec[]): ReadonlySet<string> {
  let names = sidecarSets.get(sidecars);
  if (names === undefined) sidecarSets.set(sidecars, (names = new Set(sidecars.map((c) => c.name))));
  return names;
}

export function derivePod(state: TimelineState, uid: string): DerivedPod | undefined {
  const evidence = state.pods.get(uid);
  if (!evidence) return undefined;
  const spec = evidence.spec;
  const events = [...(state.podEvents.get(uid)?.values() ?? [])];
  const markers = [
    ...podMarkers(evidence),
    ...endpointMarkers(state.endpoints.history.get(uid), evidence.readyAt ?? undefined),
  ];
  const deleteRequested = firstMarker(markers, 'deleteRequested');
  const killings = killingMarkers(events, spec, deleteRequested);
  const firstKilling = [...killings.values()].map((k) => k.marker).sort(compareMarkers)[0];
  // The termination began with whichever came first (an eviction's Killing may precede a later delete).
  const start =
    deleteRequested && firstKilling
      ? firstKilling.earliest < deleteRequested.earliest
        ? firstKilling
        : deleteRequested
      : (deleteRequested ?? firstKilling);
  const grace = kubeletGrace(evidence, events);
  const exits = terminationExits(markers, start, evidence);
  const stops = containerStops({ spec, killings, exits, events, grace });
  markers.push(...[...killings.values()].map((k) => k.marker), ...stops.flatMap((stop) => stop.markers));
  markers.sort(compareMarkers);

  const cause = terminationCause({
    evidence,
    podEvents: events,
    controllerDeletes: controllerDeletesFor(state, evidence),
  });
  const causeHolder = deleteRequested ?? firstMarker(markers, 'killing');
  if (cause && causeHolder) causeHolder.evidence.push(...cause.evidence);

  // Predictions: what cannot have happened by the newest observation is marked, and gaps are cut there. Once
  // the pod is gone nothing more happens to it: a deadline still ahead then is moot, not expected.
  const now = state.lastEntryAt ?? evidence.lastSeenAt;
  let pending = false;
  for (const marker of markers) {
    if (marker.earliest <= now || evidence.deletedAt !== null) continue;
    marker.expected = true;
    pending = true;
  }
  const createdAt = firstMarker(markers, 'created')?.at ?? evidence.firstSeenAt;
  const allGaps = deriveGaps({
    allowanceSeconds: state.allowanceSeconds,
    endpointReady: firstMarker(markers, 'endpointReady'),
    routedUntil: firstMarker(markers, 'endpointNotReady') ?? firstMarker(markers, 'endpointRemoved'),
    stops,
    exits: [...exits.values()],
    blind: blindIntervals(state, evidence, createdAt),
  });
  const gaps = gapsAsOf(allGaps, now);
  if (pending || gaps.some((gap) => gap.open)) state.pending.add(uid);
  else state.pending.delete(uid);
  const ownership = spec.ownership;
  const main = spec.containers[0];
  const timeline: PodTimeline = {
    uid,
    namespace: evidence.namespace,
    name: evidence.name,
    node: spec.nodeName,
    workload: ownership.workload,
    controllerName: ownership.controllerName,
    gracePeriodSeconds: evidence.deletion?.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds,
    preStop: main?.preStop ?? null,
    markers,
    gaps,
    cause,
  };
  const orderAt = (deleteRequested ?? firstKilling ?? firstMarker(markers, 'podDeleted'))?.at ?? createdAt;
  const sidecars = sidecarNames(spec.sidecars);
  const evicted = evictedByKubelet(evidence, events);
  const facts: PodFacts = {
    sidecars,
    kubeletGraceSeconds: evicted ? grace.last : workloadGraceSeconds(evidence),
    evictedByKubelet: evicted,
    graceShortened: grace.shortening !== null,
    stops,
    orderAt,
  };
  return { timeline, facts };
}
