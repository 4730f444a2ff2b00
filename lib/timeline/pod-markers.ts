/**
 * Markers read straight from Pod objects: API timestamps (`second`) and watch receipts (`observed`).
 */
import type { EpochMs } from '../time';
import { isoOf } from './iso';
import { observedAt, secondAt, type TimeInterval } from './interval';
import type { ContainerExit, PodEvidence } from './pod-evidence';
import type { Evidence, Marker, MarkerKind } from './types';

function marker(
  kind: MarkerKind,
  interval: TimeInterval,
  precision: Marker['precision'],
  evidence: Evidence[],
): Marker {
  return { kind, precision, at: interval.at, earliest: interval.earliest, latest: interval.latest, evidence };
}

function podEvidence(text: string, at?: EpochMs): Evidence {
  return at === undefined ? { source: 'pod', text } : { source: 'pod', text, at };
}

/**
 * Evidence without a time reads the same for every pod: one frozen object each, shared by all markers, rather
 * than one per pod held for as long as the analysis is.
 */
const CREATED = Object.freeze(podEvidence('creationTimestamp'));
const SCHEDULED = Object.freeze(podEvidence('PodScheduled=True lastTransitionTime'));
const READY = Object.freeze(podEvidence('first Ready=True lastTransitionTime'));
const REQUESTED = Object.freeze(podEvidence('deletionTimestamp − deletionGracePeriodSeconds'));
const REQUESTED_WITHOUT_GRACE = Object.freeze(
  podEvidence(
    'deletionTimestamp without deletionGracePeriodSeconds: the request lies between creation and the deadline, drawn at the deadline minus the spec’s grace',
  ),
);
const REQUESTED_BY_FINAL_DELETE = Object.freeze(
  podEvidence('deletionTimestamp of the kubelet’s final grace-0 delete (= request time, delete.go)'),
);

// Built field by field rather than spread together: one per container of every pod, made at each derivation.
export function exitMarker(exit: ContainerExit): Marker {
  const finished = exit.finishedAtKnown ? 'time from finishedAt' : 'no finishedAt: time bounded by receipts';
  const evidence = [
    podEvidence(
      `container ${exit.container} terminated: exitCode ${exit.exitCode}${exit.reason ? ` (${exit.reason})` : ''}, ${finished}`,
      exit.receivedAt,
    ),
  ];
  const exited = marker('containerExited', exit.finishedAt, exit.finishedAtKnown ? 'second' : 'estimated', evidence);
  exited.container = exit.container;
  exited.exitCode = exit.exitCode;
  if (exit.reason !== null) exited.reason = exit.reason;
  return exited;
}

function deletionMarkers(evidence: PodEvidence): Marker[] {
  const deletion = evidence.deletion;
  if (!deletion) return [];
  const markers: Marker[] = [];
  const changes: Evidence[] = deletion.graceChanges.map((change, index) =>
    podEvidence(
      `${index === 0 ? 'deletionTimestamp' : change.gracePeriodSeconds === 0 ? 'force delete: deletionTimestamp' : 'grace shortened: deletionTimestamp'} ${isoOf(change.deadlineAt)}, deletionGracePeriodSeconds ${change.gracePeriodSeconds}`,
      change.at,
    ),
  );
  if (deletion.requestedAt !== null) {
    const requested = deletion.graceChanges.length > 0 ? REQUESTED : REQUESTED_BY_FINAL_DELETE;
    markers.push(
      marker('deleteRequested', secondAt(deletion.requestedAt), 'second', [requested, ...changes.slice(0, 1)]),
    );
  } else if (deletion.requestedWithin !== null) {
    markers.push(marker('deleteRequested', deletion.requestedWithin, 'estimated', [REQUESTED_WITHOUT_GRACE]));
  }
  if (deletion.deadlineAt !== null)
    markers.push(marker('graceDeadline', secondAt(deletion.deadlineAt), 'second', changes));
  return markers;
}

export function podMarkers(evidence: PodEvidence): Marker[] {
  const markers: Marker[] = [];
  const created = evidence.spec.createdAt;
  if (created !== null) markers.push(marker('created', secondAt(created), 'second', [CREATED]));
  if (evidence.scheduledAt !== null)
    markers.push(marker('scheduled', secondAt(evidence.scheduledAt), 'second', [SCHEDULED]));
  if (evidence.readyAt !== null) markers.push(marker('ready', secondAt(evidence.readyAt), 'second', [READY]));
  markers.push(...deletionMarkers(evidence));
  // An instance the kubelet restarted (a failed probe) is not how the pod ended: only the last instance's exit is.
  for (const exit of evidence.exits.values()) if (!exit.restarted) markers.push(exitMarker(exit));
  if (evidence.deletedAt !== null) {
    const final = evidence.deletion?.kubeletFinalDeleteAt;
    const texts = [podEvidence('watch DELETED', evidence.deletedAt)];
    if (final != null)
      texts.push(podEvidence('kubelet’s final delete with grace 0 after the containers exited', final));
    if (evidence.deletion?.forceDeletedAt != null)
      texts.push(podEvidence('force delete (grace 0 while containers ran)', evidence.deletion.forceDeletedAt));
    const deleted = evidence.deleted ?? observedAt(evidence.deletedAt);
    if (!evidence.deletedSeenLate) markers.push(marker('podDeleted', deleted, 'observed', texts));
    else {
      texts.push(
        podEvidence(
          `not seen as it happened (a list after a blind window, or input without receipt times): gone between ${isoOf(deleted.earliest)} and ${isoOf(deleted.latest)}`,
        ),
      );
      markers.push(marker('podDeleted', deleted, 'estimated', texts));
    }
  }
  return markers;
}
