import { describe, expect, it } from 'vitest';
import type { Observation } from '../recording/types';
import { analyzeEntries } from './engine';
import { observe, pod, sleepHook, slice, termination, type TerminationScript } from './test-support';
import type { Finding } from './types';

function sorted(entries: Observation[]): Observation[] {
  return entries.sort((a, b) => a.at - b.at);
}

/** Several pods of one workload. */
function workload(scripts: TerminationScript[]): Observation[] {
  return sorted(
    scripts.flatMap((script, index) =>
      termination({ ...script, uid: script.uid ?? `pod-${index}`, name: `web-7d9c5b-${index}` }),
    ),
  );
}

function finding(entries: Observation[], kind: Finding['kind']): Finding | undefined {
  return analyzeEntries(entries).findings.find((f) => f.kind === kind);
}

describe('findings', () => {
  it('missingPreStop proposes a preStop sleep of ceil(p95 propagation + allowance)', () => {
    const entries = workload([{ notReadyAt: 10.2 }, { notReadyAt: 11.5 }, { notReadyAt: 13.4 }]);
    const result = finding(entries, 'missingPreStop');
    expect(result).toMatchObject({
      severity: 'warning',
      workload: { kind: 'Deployment', name: 'web' },
      pods: ['pod-0', 'pod-1', 'pod-2'],
    });
    expect(result?.fix).toContain('seconds: 6');
    expect(result?.fix).toContain('p95 of delete → endpoint not ready was 3.4 s');
  });

  it('missingPreStop is not reported for a pod that has a preStop', () => {
    const entries = workload([
      { containers: [{ name: 'app', preStop: sleepHook(5) }], exits: { app: { exitCode: 0, finishedAt: 17 } } },
    ]);
    expect(finding(entries, 'missingPreStop')).toBeUndefined();
  });

  it('preStopShorterThanPropagation names pods whose SIGTERM came less than the allowance after not-ready', () => {
    const entries = workload([
      {
        containers: [{ name: 'app', preStop: sleepHook(1) }],
        killingAt: 10,
        notReadyAt: 10.2,
        exits: { app: { exitCode: 0, finishedAt: 12 } },
      },
    ]);
    const result = finding(entries, 'preStopShorterThanPropagation');
    expect(result?.pods).toEqual(['pod-0']);
    expect(result?.fix).toContain('seconds: 3');
  });

  it('graceTooShort proposes preStop + p95 drain + margin; a SIGKILLed drain counts as at least its grace', () => {
    const entries = workload([
      { grace: 30, killingAt: 11, exits: { app: { exitCode: 137, reason: 'Error', finishedAt: 41 } } },
    ]);
    const result = finding(entries, 'graceTooShort');
    expect(result?.pods).toEqual(['pod-0']);
    expect(result?.fix).toContain('terminationGracePeriodSeconds: 35');
    expect(result?.message).toContain('at least 30 s');
  });

  it('graceTooShort counts a drain that overran preStop + drain > G', () => {
    // preStop 5 s, drain 8 s (SIGTERM at 16, exit at 24), G 12.
    const entries = workload([
      {
        grace: 12,
        containers: [{ name: 'app', preStop: sleepHook(5) }],
        killingAt: 11,
        exits: { app: { exitCode: 0, finishedAt: 24 } },
      },
    ]);
    expect(finding(entries, 'graceTooShort')?.fix).toContain('terminationGracePeriodSeconds: 18');
  });

  it('no graceTooShort when the app drained within the grace period', () => {
    expect(finding(workload([{ grace: 30 }]), 'graceTooShort')).toBeUndefined();
  });

  it('sigkilled is critical and names the SIGKILLed pods', () => {
    const entries = workload([
      { grace: 30, killingAt: 11, exits: { app: { exitCode: 137, reason: 'Error', finishedAt: 41 } } },
      {},
    ]);
    expect(finding(entries, 'sigkilled')).toMatchObject({ severity: 'critical', pods: ['pod-0'] });
  });

  it('sigtermNotHandled names pods that exited 143', () => {
    const entries = workload([{ exits: { app: { exitCode: 143, finishedAt: 12 } } }]);
    expect(finding(entries, 'sigtermNotHandled')).toMatchObject({ severity: 'warning', pods: ['pod-0'] });
  });

  it('noEndpointSeen names deleted pods never in any slice', () => {
    const entries = sorted([
      ...termination({ uid: 'worker', name: 'worker-1', deployment: 'worker', inSlice: false }),
      observe(1, 'ADDED', slice({ uid: 'other', endpoints: [] })),
    ]);
    expect(finding(entries, 'noEndpointSeen')).toMatchObject({
      severity: 'info',
      workload: { kind: 'Deployment', name: 'worker' },
      pods: ['worker'],
    });
  });

  it('noEndpointSeen is not reported when the recording has no EndpointSlice at all', () => {
    expect(finding(termination({ inSlice: false }), 'noEndpointSeen')).toBeUndefined();
  });

  it('findings are ordered by severity, then workload, then kind', () => {
    const killed = { grace: 30, killingAt: 11, exits: { app: { exitCode: 137, reason: 'Error', finishedAt: 41 } } };
    const entries = sorted([
      ...termination({ ...killed, uid: 'b', name: 'beta-1', deployment: 'beta' }),
      ...termination({
        uid: 'a',
        name: 'alpha-1',
        deployment: 'alpha',
        inSlice: false,
        deleteAt: 12,
        exits: { app: { exitCode: 143, finishedAt: 14 } },
      }),
      observe(1, 'ADDED', slice({ uid: 'other', endpoints: [] })),
    ]);
    expect(analyzeEntries(entries).findings.map((f) => [f.severity, f.workload?.name, f.kind])).toEqual([
      ['critical', 'beta', 'sigkilled'],
      ['warning', 'alpha', 'sigtermNotHandled'],
      ['warning', 'beta', 'graceTooShort'],
      ['warning', 'beta', 'missingPreStop'],
      ['info', 'alpha', 'noEndpointSeen'],
    ]);
  });
});

describe('workloads', () => {
  it.each([
    [
      { kind: 'StatefulSet', name: 'db' },
      { kind: 'StatefulSet', name: 'db' },
    ],
    [
      { kind: 'DaemonSet', name: 'agent' },
      { kind: 'DaemonSet', name: 'agent' },
    ],
    [
      { kind: 'Job', name: 'migrate' },
      { kind: 'Job', name: 'migrate' },
    ],
    [null, null],
  ])('owner %j is workload %j', (owner, expected) => {
    const [result] = analyzeEntries([observe(0, 'ADDED', pod({ owner }))]).pods;
    expect(result?.workload).toEqual(expected);
  });

  it('a ReplicaSet is named after its Deployment by stripping the pod-template-hash', () => {
    const [result] = analyzeEntries([observe(0, 'ADDED', pod({ deployment: 'checkout' }))]).pods;
    expect(result).toMatchObject({
      workload: { kind: 'Deployment', name: 'checkout' },
      controllerName: 'checkout-7d9c5b',
    });
  });

  it('a ReplicaSet whose name does not end in the hash stays a ReplicaSet', () => {
    const [result] = analyzeEntries([
      observe(0, 'ADDED', pod({ owner: { kind: 'ReplicaSet', name: 'handmade' } })),
    ]).pods;
    expect(result?.workload).toEqual({ kind: 'ReplicaSet', name: 'handmade' });
  });
});
