/**
 * docs/termination-model.md scenarios 12-13 and the two extra simulator scenarios (grace shortening, slice moves with dual
 * stack), from fixtures/scenarios.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECOND_MS } from '../time';
import {
  analyseRecording,
  gapKinds,
  kindsOf,
  markerOf,
  onlyTerminatedPod,
  rawLines,
  terminatedPods,
} from './scenario-support';
import type { PodTimeline } from './types';

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/scenarios/${name}.ndjson`, import.meta.url), 'utf8');
}

describe('12 rolling-update', () => {
  it('every pod of the old ReplicaSet terminates (SuccessfulDelete, Killing, exit, gone); no new pod does', async () => {
    const { analysis } = await analyseRecording(fixture('12-rolling-update'));
    const old = analysis.pods.filter((p) => p.controllerName === 'web-g524hqvk44');
    const fresh = analysis.pods.filter((p) => p.controllerName !== 'web-g524hqvk44');
    expect(old).toHaveLength(4);
    expect(fresh).toHaveLength(4);
    expect(
      terminatedPods(analysis)
        .map((p) => p.uid)
        .sort(),
    ).toEqual(old.map((p) => p.uid).sort());
    for (const pod of old) {
      expect(pod.cause?.reason).toBe('SuccessfulDelete');
      expect(kindsOf(pod)).toEqual(
        expect.arrayContaining([
          'deleteRequested',
          'killing',
          'sigterm',
          'containerExited',
          'endpointRemoved',
          'podDeleted',
        ]),
      );
      expect(markerOf(pod, 'containerExited', 'app')).toMatchObject({ exitCode: 0 });
      expect(pod.gaps).toEqual([]);
    }
    for (const pod of fresh) expect(kindsOf(pod)).not.toEqual(expect.arrayContaining(['deleteRequested']));
    expect(fresh.every((pod) => kindsOf(pod).includes('endpointReady'))).toBe(true);
    expect(analysis.findings).toEqual([]);
  });
});

describe('13 sidecars', () => {
  it('all containers get Killing together; the sidecars stop after the main container exits, in reverse order', async () => {
    const { analysis } = await analyseRecording(fixture('13-sidecars'));
    const pod = onlyTerminatedPod(analysis);
    const killing = markerOf(pod, 'killing', 'app').at;
    for (const name of ['proxy', 'log-shipper']) expect(markerOf(pod, 'killing', name).at).toBe(killing);
    const appExit = markerOf(pod, 'containerExited', 'app');
    // initContainers: [proxy, log-shipper] → log-shipper (declared last) goes first, proxy waits for it.
    const shipperSigterm = markerOf(pod, 'sigterm', 'log-shipper');
    expect(shipperSigterm.earliest).toBeGreaterThanOrEqual(appExit.earliest);
    const shipperExit = markerOf(pod, 'containerExited', 'log-shipper');
    expect(markerOf(pod, 'sigterm', 'proxy').earliest).toBeGreaterThanOrEqual(shipperExit.earliest);
    expect(markerOf(pod, 'containerExited', 'proxy').at).toBeGreaterThanOrEqual(shipperExit.at);
    expect(shipperExit).toMatchObject({ exitCode: 143 });
    expect(gapKinds(pod)).toEqual(['shortPropagationBuffer']);
    expect(pod.gaps[0]?.container).toBe('app');
  });
});

describe('14 grace-shortening', () => {
  it('keeps the request time, moves the deadline to request + 10 s, and follows the kill restarted with the new grace', async () => {
    const text = fixture('14-grace-shortening');
    const { analysis } = await analyseRecording(text);
    const pod = onlyTerminatedPod(analysis);
    const requested = markerOf(pod, 'deleteRequested');
    expect(requested.at).toBe(Date.parse('2026-11-24T04:25:15Z'));
    expect(markerOf(pod, 'graceDeadline').at).toBe(requested.at + 10 * SECOND_MS);
    expect(pod.gracePeriodSeconds).toBe(10);
    const killing = rawLines(text)
      .filter((line) => line.object.kind === 'Event' && line.object.reason === 'Killing')
      .at(-1);
    const restartedAt = Date.parse(String(killing?.object.lastTimestamp));
    expect(markerOf(pod, 'sigterm', 'app').at).toBe(restartedAt + 10 * SECOND_MS);
    expect(markerOf(pod, 'sigkill', 'app').at).toBe(restartedAt + 12 * SECOND_MS);
    expect(markerOf(pod, 'containerExited', 'app')).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(gapKinds(pod)).toEqual(['preStopCutByGrace', 'killedAtDeadline']);
  });
});

describe('15 slice-move-dual-stack', () => {
  function sliceReceipts(text: string, uid: string): number[] {
    return rawLines(text)
      .filter(
        (line) => line.object.kind === 'EndpointSlice' && JSON.stringify(line.object.endpoints ?? []).includes(uid),
      )
      .map((line) => line.at);
  }

  it('an endpoint that moves between slices is never removed', async () => {
    const text = fixture('15-slice-move-dual-stack');
    const { analysis } = await analyseRecording(text);
    const moved = analysis.pods.filter(
      (p) =>
        new Set(
          rawLines(text)
            .filter(
              (l) => l.object.kind === 'EndpointSlice' && JSON.stringify(l.object.endpoints ?? []).includes(p.uid),
            )
            .map((l) => l.object.metadata.name),
        ).size > 2,
    );
    expect(moved.map((p) => p.name)).toEqual(['web-g524hqvk44-sm9mn']);
    for (const pod of moved)
      expect(kindsOf(pod).filter((k) => k === 'endpointRemoved' || k === 'endpointNotReady')).toEqual([]);
  });

  it('a terminating endpoint is not ready only once neither family says ready, and removed only once gone from both', async () => {
    const text = fixture('15-slice-move-dual-stack');
    const { analysis } = await analyseRecording(text);
    const terminated: PodTimeline[] = terminatedPods(analysis);
    expect(terminated).toHaveLength(2);
    for (const pod of terminated) {
      const listed = sliceReceipts(text, pod.uid);
      expect(markerOf(pod, 'endpointRemoved').at).toBeGreaterThanOrEqual(Math.max(...listed));
    }
    const blgwv = terminated.find((p) => p.name === 'web-g524hqvk44-blgwv');
    // The IPv4 slice said not ready at 15.058, the IPv6 one still said ready until 15.060.
    expect(blgwv && markerOf(blgwv, 'endpointNotReady').at).toBe(Date.parse('2026-11-24T04:25:15.060Z'));
    expect(blgwv && markerOf(blgwv, 'endpointRemoved').at).toBe(Date.parse('2026-11-24T04:25:20.108Z'));
  });
});
