/**
 * docs/termination-model.md scenarios 7-11 (fixtures/scenarios): who started the termination (the cause), and the
 * kubelet-initiated ones, which have no delete request at all.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECOND_MS } from '../time';
import { analyseRecording, gapKinds, kindsOf, markerOf, onlyTerminatedPod } from './scenario-support';
import type { Analysis, PodTimeline } from './types';

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/scenarios/${name}.ndjson`, import.meta.url), 'utf8');
}

async function scenario(name: string): Promise<{ analysis: Analysis; pod: PodTimeline }> {
  const { analysis } = await analyseRecording(fixture(name));
  return { analysis, pod: onlyTerminatedPod(analysis) };
}

describe('07 eviction', () => {
  it('names the Eviction API as the cause, then drains like a delete with preStop: no routing gap', async () => {
    const { analysis, pod } = await scenario('07-eviction');
    expect(pod.cause?.reason).toBe('EvictionByEvictionAPI');
    expect(
      markerOf(pod, 'deleteRequested')
        .evidence.map((e) => e.text)
        .join('\n'),
    ).toContain('EvictionByEvictionAPI');
    expect(markerOf(pod, 'sigterm', 'app').at).toBe(markerOf(pod, 'killing', 'app').at + 5 * SECOND_MS);
    expect(pod.gaps).toEqual([]);
    expect(analysis.findings).toEqual([]);
  });
});

describe('08 preemption', () => {
  it('names the scheduler’s preemption as the cause, with the events.k8s.io Preempted event as evidence', async () => {
    const { pod } = await scenario('08-preemption');
    expect(pod.cause?.reason).toBe('PreemptionByScheduler');
    expect(pod.cause?.evidence.map((e) => e.text)).toContainEqual(expect.stringMatching(/^Preempted: /));
    expect(pod.workload).toEqual({ kind: 'Deployment', name: 'batch' });
  });
});

describe('09 dead-node (taint manager)', () => {
  it('names the taint manager; no Killing, no signal, no exit are shown, since the node never reported again', async () => {
    const { analysis, pod } = await scenario('09-dead-node');
    expect(pod.cause?.reason).toBe('DeletionByTaintManager');
    for (const kind of ['killing', 'sigterm', 'sigkill', 'containerExited', 'preStopStart'] as const)
      expect(kindsOf(pod)).not.toContain(kind);
    expect(kindsOf(pod)).toEqual(
      expect.arrayContaining(['endpointNotReady', 'deleteRequested', 'podDeleted', 'endpointRemoved']),
    );
    // The node controller marked the endpoint not ready (node lost) long before the taint manager deleted the pod.
    expect(markerOf(pod, 'endpointNotReady').at).toBeLessThan(markerOf(pod, 'deleteRequested').at);
    expect(pod.gaps).toEqual([]);
    expect(analysis.findings).toEqual([]);
  });
});

describe('10 node-pressure eviction', () => {
  it('has no delete request and no deadline; the kubelet’s Killing starts it and the endpoint stays ready until removed', async () => {
    const { pod } = await scenario('10-node-pressure-eviction');
    expect(kindsOf(pod)).not.toContain('deleteRequested');
    expect(kindsOf(pod)).not.toContain('graceDeadline');
    expect(kindsOf(pod)).not.toContain('endpointNotReady');
    expect(pod.cause?.reason).toBe('TerminationByKubelet');
    expect(pod.cause?.evidence.map((e) => e.text)).toContain('phase Failed, reason Evicted');
  });

  it('reads the 137 two seconds after Killing as the kubelet’s SIGKILL after the 1 s hard-eviction grace', async () => {
    const { analysis, pod } = await scenario('10-node-pressure-eviction');
    expect(markerOf(pod, 'sigkill', 'app').at).toBe(markerOf(pod, 'killing', 'app').at + 2 * SECOND_MS);
    expect(markerOf(pod, 'containerExited', 'app')).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(gapKinds(pod)).toEqual([
      'sigtermWhileRouted',
      'shortPropagationBuffer',
      'killedAtDeadline',
      'exitWhileRouted',
    ]);
    expect(analysis.findings.map((f) => f.kind)).not.toContain('graceTooShort');
  });
});

describe('11 graceful node shutdown', () => {
  it('has no delete request; the pod stays Ready, so the endpoint is never not ready, only removed after the exit', async () => {
    const { pod } = await scenario('11-graceful-node-shutdown');
    expect(kindsOf(pod)).not.toContain('deleteRequested');
    expect(kindsOf(pod)).not.toContain('endpointNotReady');
    expect(pod.cause?.evidence.map((e) => e.text)).toContain('phase Failed, reason Terminated');
    expect(markerOf(pod, 'endpointRemoved').at).toBeGreaterThan(markerOf(pod, 'containerExited', 'app').at);
    expect(gapKinds(pod)).toEqual(['sigtermWhileRouted', 'shortPropagationBuffer']);
  });
});
