/**
 * docs/termination-model.md scenarios 1-6 as the simulator recorded them (fixtures/scenarios), analysed as the CLI does:
 * the markers (kind, time within precision), gaps and findings a reader of each should see.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECOND_MS } from '../time';
import {
  analyseRecording,
  findingOf,
  gapKinds,
  gapOf,
  kindsOf,
  markerOf,
  onlyTerminatedPod,
  rawLines,
} from './scenario-support';
import type { Analysis, PodTimeline } from './types';

function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/scenarios/${name}.ndjson`, import.meta.url), 'utf8');
}

async function scenario(name: string): Promise<{ analysis: Analysis; pod: PodTimeline; text: string }> {
  const text = fixture(name);
  const { analysis } = await analyseRecording(text);
  return { analysis, pod: onlyTerminatedPod(analysis), text };
}

describe('01 no-prestop', () => {
  it('SIGTERM comes with Killing, less than the allowance after the endpoint went not ready: shortPropagationBuffer on that pod', async () => {
    const { pod } = await scenario('01-no-prestop');
    const killing = markerOf(pod, 'killing', 'app');
    expect(markerOf(pod, 'sigterm', 'app')).toMatchObject({
      precision: 'estimated',
      at: killing.at,
      earliest: killing.earliest,
      latest: killing.latest,
    });
    const notReady = markerOf(pod, 'endpointNotReady');
    expect(gapOf(pod, 'shortPropagationBuffer')).toMatchObject({
      from: killing.at,
      to: notReady.at + 2 * SECOND_MS,
      container: 'app',
      severity: 'warning',
    });
    expect(markerOf(pod, 'containerExited', 'app')).toMatchObject({
      precision: 'second',
      exitCode: 143,
      reason: 'Error',
    });
  });

  it('finds missingPreStop on that pod with a preStop sleep sized from the measured propagation, and the unhandled SIGTERM', async () => {
    const { analysis, pod } = await scenario('01-no-prestop');
    const missing = findingOf(analysis, 'missingPreStop');
    expect(missing.pods).toEqual([pod.uid]);
    // p95 of delete → not ready is 0.2 s here: ceil(0.2 + 2 s allowance) = 3 s.
    expect(missing.fix).toContain('sleep:\n      seconds: 3');
    expect(findingOf(analysis, 'sigtermNotHandled').pods).toEqual([pod.uid]);
    expect(analysis.pods.filter((p) => p.uid !== pod.uid).flatMap((p) => p.gaps)).toEqual([]);
  });
});

describe('02 prestop-sleep', () => {
  it('SIGTERM is Killing + 5 s, after the endpoint is long gone from routing: no routing gap, no finding', async () => {
    const { analysis, pod } = await scenario('02-prestop-sleep');
    const killing = markerOf(pod, 'killing', 'app');
    expect(markerOf(pod, 'preStopStart', 'app').at).toBe(killing.at);
    expect(markerOf(pod, 'sigterm', 'app').at).toBe(killing.at + 5 * SECOND_MS);
    expect(markerOf(pod, 'containerExited', 'app')).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(pod.gaps).toEqual([]);
    expect(analysis.findings).toEqual([]);
  });
});

describe('03 prestop-exceeds-grace', () => {
  it('the 40 s hook is cut at Killing + 30 s, SIGTERM then gets the 2 s minimum and SIGKILL ends it with 137', async () => {
    const { analysis, pod } = await scenario('03-prestop-exceeds-grace');
    const killing = markerOf(pod, 'killing', 'app');
    const sigterm = markerOf(pod, 'sigterm', 'app');
    expect(sigterm.at).toBe(killing.at + 30 * SECOND_MS);
    expect(markerOf(pod, 'sigkill', 'app')).toMatchObject({ precision: 'estimated', at: sigterm.at + 2 * SECOND_MS });
    expect(markerOf(pod, 'containerExited', 'app')).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(gapKinds(pod)).toEqual(['preStopCutByGrace', 'killedAtDeadline']);
    expect(gapOf(pod, 'preStopCutByGrace')).toMatchObject({ from: killing.at, to: sigterm.at });
    expect(analysis.findings.map((f) => f.kind)).toEqual(['sigkilled', 'graceTooShort']);
  });
});

describe('04 ignores-sigterm', () => {
  it('SIGKILL comes at Killing + G (30 s) and the exit is 137: killedAtDeadline from SIGTERM to SIGKILL', async () => {
    const { analysis, pod } = await scenario('04-ignores-sigterm');
    const killing = markerOf(pod, 'killing', 'app');
    const sigkill = markerOf(pod, 'sigkill', 'app');
    expect(sigkill.at).toBe(killing.at + 30 * SECOND_MS);
    expect(gapOf(pod, 'killedAtDeadline')).toMatchObject({
      from: markerOf(pod, 'sigterm', 'app').at,
      to: sigkill.at,
      severity: 'critical',
    });
    expect(findingOf(analysis, 'sigkilled').pods).toEqual([pod.uid]);
    expect(findingOf(analysis, 'graceTooShort').pods).toEqual([pod.uid]);
  });
});

describe('05 prestop-exec-fails', () => {
  it('the hook ends at the FailedPreStopHook event, to the second, and SIGTERM follows it', async () => {
    const { pod, text } = await scenario('05-prestop-exec-fails');
    const failed = rawLines(text).find(
      (line) => line.object.kind === 'Event' && line.object.reason === 'FailedPreStopHook',
    );
    const failedAt = Date.parse(String(failed?.object.firstTimestamp));
    expect(markerOf(pod, 'preStopEnd', 'app')).toMatchObject({
      precision: 'second',
      at: failedAt,
      earliest: failedAt,
      latest: failedAt + SECOND_MS,
    });
    expect(markerOf(pod, 'sigterm', 'app').at).toBe(failedAt);
    expect(markerOf(pod, 'preStopStart', 'app').at).toBeLessThan(failedAt);
    expect(pod.gaps).toEqual([]);
  });
});

describe('06 force-delete', () => {
  it('shows no exit (the status never comes), removes the endpoint at once, and Killing arrives after the pod is gone', async () => {
    const { pod } = await scenario('06-force-delete');
    expect(kindsOf(pod)).not.toContain('containerExited');
    expect(kindsOf(pod)).not.toContain('sigkill');
    expect(kindsOf(pod)).not.toContain('endpointNotReady');
    const deleted = markerOf(pod, 'podDeleted');
    expect(markerOf(pod, 'endpointRemoved').at).toBeGreaterThan(deleted.at);
    expect(markerOf(pod, 'killing', 'app').earliest).toBeGreaterThan(deleted.at);
    expect(pod.gracePeriodSeconds).toBe(0);
    expect(markerOf(pod, 'graceDeadline').at).toBe(markerOf(pod, 'deleteRequested').at);
    expect(gapKinds(pod)).not.toContain('exitWhileRouted');
  });
});
