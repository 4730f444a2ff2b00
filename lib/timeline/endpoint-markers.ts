/**
 * Endpoint markers read from a pod's aggregate endpoint history (endpoints.ts). All are `observed`: a slice has
 * no per-endpoint timestamp, so the watch receipt is the only time there is.
 *
 * - endpointReady: the first time any slice listed the pod ready.
 * - endpointNotReady / endpointNotServing: the start of the final not-ready (not-serving) stretch, so a readiness
 *   flap long before the delete is not mistaken for the termination. Only after the slices were seen to list the
 *   pod ready (serving): an endpoint that never was, such as a replacement a ReplicaSet deletes before its first
 *   Ready (listed ready=false serving=false, then terminating), never stopped being so, and its first listing is
 *   no such moment. The same holds for a pod first seen not ready in a list: whether it was ever ready before is
 *   not known, so no change is claimed.
 * - endpointRemoved: the pod is in no slice at the end of the history. A vanish followed by a reappearance (an
 *   endpoint moving between slices, in either order of the two slice updates) is therefore never a removal: the
 *   tentative removal is retracted as soon as the pod shows up again.
 *
 * A transition read from a slice that existed before it was first seen (an initial list) did not happen at its
 * receipt but at some time since the slice's creation: such a marker is `estimated` over that interval, not
 * `observed`. For endpointReady the pod's own Ready time is the best guess inside it (the EndpointSlice controller
 * follows the Ready condition within milliseconds).
 */
import type { EndpointTransition } from './endpoints';
import type { EpochMs } from '../time';
import type { Evidence, Marker, MarkerKind } from './types';

function transitionEvidence(transition: EndpointTransition): Evidence {
  const { sliceName, sliceConditions: c } = transition;
  let text: string;
  if (c) text = `slice ${sliceName}: ready=${c.ready} serving=${c.serving} terminating=${c.terminating}`;
  else if (transition.sliceDeleted) text = `slice ${sliceName} deleted`;
  else text = `no longer in slice ${sliceName}`;
  if (!transition.present) text += '; in no slice now';
  return { source: 'endpointslice', text, at: transition.at };
}

const SEEN_LATE: Record<NonNullable<EndpointTransition['seenLate']>, string> = {
  list: 'first seen in a slice listed after its creation: the change happened between the slice’s creation and this receipt',
  relist:
    'delivered by the relist after a blind watch: the change happened between the start of the blind window and this receipt',
  input: 'input without receipt times: the change happened within the bounds the input gives',
};

function marker(kind: MarkerKind, transition: EndpointTransition, guess?: EpochMs): Marker {
  const evidence = [transitionEvidence(transition)];
  const { at, since, until } = transition;
  if (transition.seenLate === null) return { kind, precision: 'observed', at, earliest: at, latest: at, evidence };
  evidence.push({ source: 'inference', text: SEEN_LATE[transition.seenLate ?? 'input'] });
  const best = Math.min(Math.max(guess ?? at, since), until);
  return { kind, precision: 'estimated', at: best, earliest: since, latest: until, evidence };
}

function startOfFinalStretch(
  history: readonly EndpointTransition[],
  holds: (t: EndpointTransition) => boolean,
): EndpointTransition | undefined {
  let lastHolding = -1;
  history.forEach((transition, index) => {
    if (transition.present && holds(transition)) lastHolding = index;
  });
  // Never seen holding: there is no moment it stopped.
  if (lastHolding < 0) return undefined;
  return history.find((transition, index) => index > lastHolding && transition.present && !holds(transition));
}

/** `podReadyAt`: the pod's first Ready=True transition, the best guess for an endpointReady seen only in a list. */
export function endpointMarkers(history: readonly EndpointTransition[] | undefined, podReadyAt?: EpochMs): Marker[] {
  if (!history || history.length === 0) return [];
  const markers: Marker[] = [];
  const firstReady = history.find((t) => t.present && t.ready);
  if (firstReady) markers.push(marker('endpointReady', firstReady, podReadyAt));
  const notReady = startOfFinalStretch(history, (t) => t.ready);
  if (notReady) markers.push(marker('endpointNotReady', notReady));
  const notServing = startOfFinalStretch(history, (t) => t.serving);
  if (notServing) markers.push(marker('endpointNotServing', notServing));
  const last = history[history.length - 1];
  if (last && !last.present && history.some((t) => t.present)) markers.push(marker('endpointRemoved', last));
  return markers;
}
