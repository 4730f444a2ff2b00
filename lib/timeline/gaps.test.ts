import { describe, expect, it } from 'vitest';
import type { RecordingEntry } from '../recording/types';
import { analyzeEntries } from './engine';
import { at, observe, pod, sleepHook, slice, termination, watchState } from './test-support';
import type { Gap, PodTimeline } from './types';

function timeline(entries: RecordingEntry[], uid = 'pod-1', allowanceSeconds?: number): PodTimeline {
  const found = analyzeEntries(entries, allowanceSeconds === undefined ? {} : { allowanceSeconds }).pods.find(
    (p) => p.uid === uid,
  );
  if (!found) throw new Error(`${uid} has no timeline`);
  return found;
}

function gapsOf(result: PodTimeline, kind: Gap['kind']): Gap[] {
  return result.gaps.filter((g) => g.kind === kind);
}

describe('routing gaps', () => {
  it('SIGTERM certainly before the endpoint goes not ready is sigtermWhileRouted', () => {
    const entries = termination({ deleteAt: 10, killingAt: 10, notReadyAt: 12.5 });
    const later = observe(20, 'ADDED', pod({ uid: 'other', name: 'web-other' }));
    const result = timeline([...entries, later]);
    expect(gapsOf(result, 'sigtermWhileRouted')).toEqual([
      { kind: 'sigtermWhileRouted', from: at(10), to: at(12.5), severity: 'warning', container: 'app' },
    ]);
    // A SIGTERM before not-ready is also less than the allowance after it.
    expect(gapsOf(result, 'shortPropagationBuffer')).toEqual([
      { kind: 'shortPropagationBuffer', from: at(10), to: at(14.5), severity: 'warning', container: 'app' },
    ]);
    // Seen when the not-ready is the newest observation, the allowance after it has not run out: the gap is open.
    expect(gapsOf(timeline(entries), 'shortPropagationBuffer')).toEqual([
      { kind: 'shortPropagationBuffer', from: at(10), to: at(12.5), severity: 'warning', container: 'app', open: true },
    ]);
  });

  it('a gap inside the one-second uncertainty is not reported', () => {
    // Killing at 10 s means some time in [10, 11); not-ready at 10.5 may be before or after it.
    const result = timeline(termination({ deleteAt: 10, killingAt: 10, notReadyAt: 10.5 }));
    expect(gapsOf(result, 'sigtermWhileRouted')).toEqual([]);
  });

  it('a container exit before the endpoint goes not ready is exitWhileRouted, critical', () => {
    const result = timeline(
      termination({ deleteAt: 10, killingAt: 10, notReadyAt: 13.5, exits: { app: { exitCode: 0, finishedAt: 12 } } }),
    );
    expect(gapsOf(result, 'exitWhileRouted')).toEqual([
      { kind: 'exitWhileRouted', from: at(12), to: at(13.5), severity: 'critical', container: 'app' },
    ]);
  });

  it('without a not-ready, the removal ends the routed time', () => {
    const result = timeline([
      observe(0, 'ADDED', pod()),
      observe(1, 'ADDED', slice({ endpoints: [{ pod: 'pod-1' }] })),
      observe(10.1, 'MODIFIED', pod({ deletion: { timestamp: 40, grace: 30 } })),
      observe(
        12.5,
        'MODIFIED',
        pod({
          deletion: { timestamp: 40, grace: 30 },
          phase: 'Succeeded',
          terminated: { app: { exitCode: 0, finishedAt: 11 } },
        }),
      ),
      observe(12.7, 'MODIFIED', slice({ endpoints: [] })),
    ]);
    expect(gapsOf(result, 'exitWhileRouted')).toEqual([
      { kind: 'exitWhileRouted', from: at(11), to: at(12.7), severity: 'critical', container: 'app' },
    ]);
  });

  it('SIGTERM less than the allowance after not-ready is shortPropagationBuffer, from SIGTERM to not-ready + A', () => {
    const result = timeline(termination({ deleteAt: 10, killingAt: 11, notReadyAt: 10.2 }));
    expect(gapsOf(result, 'shortPropagationBuffer')).toEqual([
      { kind: 'shortPropagationBuffer', from: at(11), to: at(12.2), severity: 'warning', container: 'app' },
    ]);
    expect(gapsOf(result, 'sigtermWhileRouted')).toEqual([]);
  });

  it('a preStop longer than propagation + allowance leaves no routing gap', () => {
    const result = timeline(
      termination({
        containers: [{ name: 'app', preStop: sleepHook(5) }],
        deleteAt: 10,
        killingAt: 11,
        notReadyAt: 10.2,
        exits: { app: { exitCode: 0, finishedAt: 17 } },
      }),
    );
    expect(result.gaps).toEqual([]);
  });

  it('the allowance is configurable', () => {
    const entries = termination({
      containers: [{ name: 'app', preStop: sleepHook(5) }],
      deleteAt: 10,
      killingAt: 11,
      notReadyAt: 10.2,
      exits: { app: { exitCode: 0, finishedAt: 17 } },
    });
    expect(gapsOf(timeline(entries, 'pod-1', 8), 'shortPropagationBuffer')).toHaveLength(1);
  });

  it('a pod never routed has no routing gaps', () => {
    const result = timeline(termination({ inSlice: false, killingAt: 10 }));
    expect(result.gaps).toEqual([]);
  });
});

describe('watch blind', () => {
  const base = [observe(0, 'ADDED', pod()), observe(1, 'ADDED', slice({ endpoints: [{ pod: 'pod-1' }] }))];

  it('a disconnected .. relisted interval is an info gap on every pod alive then', () => {
    const entries = [
      ...base,
      watchState(5, 'endpointslices', 'disconnected'),
      watchState(8, 'endpointslices', 'relisted'),
      observe(9, 'ADDED', pod({ uid: 'later', name: 'web-later', createdAt: 9 })),
    ];
    expect(gapsOf(timeline(entries), 'watchBlind')).toEqual([
      { kind: 'watchBlind', from: at(5), to: at(8), severity: 'info' },
    ]);
    expect(gapsOf(timeline(entries, 'later'), 'watchBlind')).toEqual([]);
  });

  it('an unclosed blind interval runs to the last entry seen, and is open', () => {
    const entries = [...base, watchState(5, 'pods', 'disconnected'), observe(12, 'MODIFIED', slice({ endpoints: [] }))];
    expect(gapsOf(timeline(entries), 'watchBlind')).toEqual([
      { kind: 'watchBlind', from: at(5), to: at(12), severity: 'info', open: true },
    ]);
  });

  it('a repeated disconnected keeps the first start, and each resource has its own interval', () => {
    const entries = [
      ...base,
      watchState(5, 'pods', 'disconnected'),
      watchState(6, 'pods', 'disconnected'),
      watchState(7, 'events', 'disconnected'),
      watchState(8, 'pods', 'relisted'),
      watchState(9, 'events', 'relisted'),
    ];
    expect(gapsOf(timeline(entries), 'watchBlind').map((g) => [g.from, g.to])).toEqual([
      [at(5), at(8)],
      [at(7), at(9)],
    ]);
  });

  it('a pod deleted before the watch broke is not blind', () => {
    const entries = [...termination(), watchState(30, 'pods', 'disconnected'), watchState(31, 'pods', 'relisted')];
    expect(gapsOf(timeline(entries), 'watchBlind')).toEqual([]);
  });
});
