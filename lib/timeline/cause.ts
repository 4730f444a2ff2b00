/**
 * Why a pod was terminated, gathered from everything that says so: the `DisruptionTarget` condition the
 * apiserver, scheduler, taint manager, kubelet or pod GC set (pkg/apis/core/types.go DisruptionTarget reasons),
 * eviction/preemption events on the pod, a controller's `SuccessfulDelete` naming it, and the terminal phase
 * reason (node-pressure eviction and graceful node shutdown leave only that and `Killing`).
 */
import { eventEvidence, type EventOccurrence, type EventRecord } from './events';
import type { PodEvidence } from './pod-evidence';
import type { Evidence, TerminationCause } from './types';

const CAUSE_EVENT_REASONS = new Set(['Evicted', 'Preempted', 'TaintManagerEviction']);

export interface CauseInput {
  evidence: PodEvidence;
  podEvents: readonly EventRecord[];
  /** Each with the occurrence that is this pod's (a StatefulSet's merged event spans every pod of the name). */
  controllerDeletes: readonly EventOccurrence[];
}

export function terminationCause({ evidence, podEvents, controllerDeletes }: CauseInput): TerminationCause | null {
  const reasons: string[] = [];
  const items: Evidence[] = [];
  const disruption = evidence.disruption;
  if (disruption) {
    reasons.push(disruption.reason);
    items.push({
      source: 'pod',
      text: `DisruptionTarget=True: ${disruption.reason}${disruption.message ? ` (${disruption.message})` : ''}`,
      at: disruption.at ?? disruption.receivedAt,
    });
  }
  for (const event of podEvents) {
    if (!CAUSE_EVENT_REASONS.has(event.reason)) continue;
    reasons.push(event.reason);
    items.push(eventEvidence(event));
  }
  for (const occurrence of controllerDeletes) {
    reasons.push(occurrence.event.reason);
    items.push(eventEvidence(occurrence.event, occurrence));
  }
  const terminal = evidence.terminalPhase;
  if (terminal?.phase === 'Failed' && terminal.reason) {
    reasons.push(terminal.reason);
    items.push({ source: 'pod', text: `phase Failed, reason ${terminal.reason}`, at: terminal.receivedAt });
  }
  const reason = reasons[0];
  return reason === undefined ? null : { reason, evidence: items };
}
