import { describe, expect, it } from 'vitest';
import type { RecordingEntry } from '../recording/types';
import {
  analyzeEntries,
  applyEntry,
  buildAnalysis,
  buildPodTimeline,
  createTimelineState,
  takeChangedPodUids,
} from './engine';
import {
  at,
  coreEvent,
  eventsV1Event,
  httpGetHook,
  observe,
  pod,
  sleepHook,
  slice,
  termination,
  watchState,
} from './test-support';
import type { Analysis } from './types';

/** A recording mixing most of what the engine handles, ordered by receipt time. */
function mixedRecording(): RecordingEntry[] {
  const forced = pod({ uid: 'forced', name: 'web-7d9c5b-f', deletion: { timestamp: 15, grace: 0 } });
  const entries: RecordingEntry[] = [
    ...termination({
      uid: 'a',
      name: 'web-7d9c5b-a',
      containers: [{ name: 'app', preStop: sleepHook(5) }],
      exits: { app: { exitCode: 0, finishedAt: 18 } },
    }),
    ...termination({
      uid: 'b',
      name: 'web-7d9c5b-b',
      deleteAt: 12,
      killingAt: 12,
      exits: { app: { exitCode: 137, reason: 'Error', finishedAt: 42 } },
    }),
    ...termination({
      uid: 'c',
      name: 'api-1',
      deployment: 'api',
      containers: [{ name: 'app', preStop: httpGetHook() }],
      sidecars: [{ name: 'proxy' }],
      deleteAt: 14,
      exits: { app: { exitCode: 143, finishedAt: 16 }, proxy: { exitCode: 0, finishedAt: 17 } },
    }),
    observe(0.5, 'ADDED', pod({ uid: 'forced', name: 'web-7d9c5b-f' })),
    observe(15.1, 'MODIFIED', forced),
    observe(15.1, 'DELETED', forced),
    observe(
      16.1,
      'ADDED',
      eventsV1Event({ uid: 'kf', regarding: 'forced', reason: 'Killing', container: 'app', eventTime: 15.5 }),
    ),
    observe(
      9.9,
      'ADDED',
      coreEvent({
        uid: 'rs',
        kind: 'ReplicaSet',
        name: 'web-7d9c5b',
        regarding: 'rs',
        reason: 'SuccessfulDelete',
        message: 'Deleted pod: web-7d9c5b-a',
        first: 10,
      }),
    ),
    watchState(20, 'pods', 'disconnected'),
    watchState(22, 'pods', 'relisted'),
    watchState(50, 'events', 'disconnected'),
  ];
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((x, y) => x.entry.at - y.entry.at || x.index - y.index)
    .map(({ entry }) => entry);
}

/** A small deterministic PRNG (mulberry32), so the chunking test is repeatable. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('engine', () => {
  it('the mixed recording exercises pods, gaps and findings', () => {
    const analysis = analyzeEntries(mixedRecording());
    expect(analysis.pods.map((p) => p.uid)).toEqual(['a', 'b', 'c', 'forced']);
    expect(analysis.findings.length).toBeGreaterThan(2);
  });

  it('applying entries one by one, reading the analysis after each, ends where one batch pass ends', () => {
    const entries = mixedRecording();
    let state = createTimelineState();
    let last: Analysis | undefined;
    for (const entry of entries) {
      state = applyEntry(state, entry);
      last = buildAnalysis(state);
      takeChangedPodUids(state);
    }
    expect(last).toEqual(analyzeEntries(entries));
  });

  it('any chunking of the entries gives the same analysis as one pass', () => {
    const entries = mixedRecording();
    const expected = analyzeEntries(entries);
    const next = random(42);
    for (let round = 0; round < 20; round++) {
      let state = createTimelineState();
      let index = 0;
      while (index < entries.length) {
        const size = 1 + Math.floor(next() * 6);
        for (const entry of entries.slice(index, index + size)) state = applyEntry(state, entry);
        index += size;
        if (next() < 0.5) buildAnalysis(state);
        if (next() < 0.5) takeChangedPodUids(state);
      }
      expect(buildAnalysis(state)).toEqual(expected);
    }
  });

  it('is deterministic: the same entries give the same JSON text', () => {
    expect(JSON.stringify(analyzeEntries(mixedRecording()))).toBe(JSON.stringify(analyzeEntries(mixedRecording())));
  });

  it('applying the same object twice duplicates nothing', () => {
    const entries = mixedRecording();
    const twice = entries.flatMap((entry): RecordingEntry[] =>
      entry.type === 'WATCH' ? [entry] : [entry, { ...entry }],
    );
    expect(analyzeEntries(twice)).toEqual(analyzeEntries(entries));
  });

  it('a relist re-sending every object as MODIFIED changes no marker', () => {
    const before = [
      observe(0, 'ADDED', pod({ readyAt: 2 })),
      observe(3, 'ADDED', slice({ endpoints: [{ pod: 'pod-1' }] })),
      observe(10.1, 'MODIFIED', pod({ readyAt: 2, deletion: { timestamp: 40, grace: 30 } })),
      observe(11.1, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 11 })),
    ];
    const relist = [
      watchState(12, 'pods', 'disconnected'),
      ...before.map((entry) => ({ ...entry, at: at(13), type: 'MODIFIED' as const })),
      watchState(13, 'pods', 'relisted'),
    ];
    const once = analyzeEntries(before).pods[0];
    const relisted = analyzeEntries([...before, ...relist]).pods[0];
    expect(relisted?.markers).toEqual(once?.markers);
    expect(relisted?.gaps.filter((g) => g.kind !== 'watchBlind')).toEqual(once?.gaps);
  });

  it('every marker has evidence and lies inside its own interval', () => {
    for (const pod of analyzeEntries(mixedRecording()).pods) {
      for (const marker of pod.markers) {
        expect(marker.evidence.length, `${pod.uid} ${marker.kind}`).toBeGreaterThan(0);
        expect(marker.earliest <= marker.at && marker.at <= marker.latest, `${pod.uid} ${marker.kind}`).toBe(true);
      }
    }
  });

  it('applyEntry is linear: it returns the state it was given, updated', () => {
    const state = createTimelineState();
    expect(applyEntry(state, observe(0, 'ADDED', pod()))).toBe(state);
  });

  it('orders pods by delete request, then namespace and name; pods never deleted by creation', () => {
    const entries = [
      ...termination({ uid: 'late', name: 'a-late', deleteAt: 20 }),
      ...termination({ uid: 'early', name: 'z-early', deleteAt: 10 }),
      observe(1, 'ADDED', pod({ uid: 'alive', name: 'm-alive', createdAt: 1 })),
    ].sort((x, y) => x.at - y.at);
    expect(analyzeEntries(entries).pods.map((p) => p.uid)).toEqual(['alive', 'early', 'late']);
  });

  it('uses the allowance it was given', () => {
    expect(analyzeEntries([], { allowanceSeconds: 5 }).allowanceSeconds).toBe(5);
    expect(analyzeEntries([]).allowanceSeconds).toBe(2);
  });

  it('buildPodTimeline gives one pod’s timeline, or undefined for an unknown uid', () => {
    const state = createTimelineState();
    for (const entry of termination()) applyEntry(state, entry);
    expect(buildPodTimeline(state, 'pod-1')).toEqual(buildAnalysis(state).pods[0]);
    expect(buildPodTimeline(state, 'nope')).toBeUndefined();
  });
});

describe('takeChangedPodUids', () => {
  it('returns the pods touched since the last take, once', () => {
    const state = createTimelineState();
    applyEntry(state, observe(0, 'ADDED', pod({ uid: 'a', name: 'a' })));
    applyEntry(state, observe(0, 'ADDED', pod({ uid: 'b', name: 'b' })));
    expect(takeChangedPodUids(state)).toEqual(['a', 'b']);
    expect(takeChangedPodUids(state)).toEqual([]);
  });

  it('a slice update touches only the pods whose endpoint changed', () => {
    const state = createTimelineState();
    applyEntry(state, observe(0, 'ADDED', pod({ uid: 'a', name: 'a' })));
    applyEntry(state, observe(0, 'ADDED', pod({ uid: 'b', name: 'b' })));
    applyEntry(state, observe(1, 'ADDED', slice({ endpoints: [{ pod: 'a' }, { pod: 'b' }] })));
    takeChangedPodUids(state);
    applyEntry(state, observe(2, 'MODIFIED', slice({ endpoints: [{ pod: 'a' }, { pod: 'b', ready: false }] })));
    expect(takeChangedPodUids(state)).toEqual(['b']);
  });

  it('an event for a pod not yet seen is reported once the pod is', () => {
    const state = createTimelineState();
    applyEntry(state, observe(1, 'ADDED', coreEvent({ regarding: 'a', reason: 'Killing', first: 1 })));
    expect(takeChangedPodUids(state)).toEqual([]);
    applyEntry(state, observe(2, 'ADDED', pod({ uid: 'a', name: 'a' })));
    expect(takeChangedPodUids(state)).toEqual(['a']);
  });

  it('a controller SuccessfulDelete touches the pod it names', () => {
    const state = createTimelineState();
    applyEntry(state, observe(0, 'ADDED', pod()));
    takeChangedPodUids(state);
    applyEntry(
      state,
      observe(
        10,
        'ADDED',
        coreEvent({
          kind: 'ReplicaSet',
          regarding: 'rs',
          reason: 'SuccessfulDelete',
          message: 'Deleted pod: web-7d9c5b-x2x',
          first: 10,
        }),
      ),
    );
    expect(takeChangedPodUids(state)).toEqual(['pod-1']);
  });

  it('a broken watch touches every pod alive during it, but not pods already gone', () => {
    const state = createTimelineState();
    for (const entry of termination({ uid: 'gone', name: 'gone' })) applyEntry(state, entry);
    applyEntry(state, observe(0, 'ADDED', pod({ uid: 'alive', name: 'alive' })));
    takeChangedPodUids(state);
    applyEntry(state, watchState(30, 'pods', 'disconnected'));
    expect(takeChangedPodUids(state)).toEqual(['alive']);
    // While it is open, every entry moves its end.
    applyEntry(state, observe(31, 'ADDED', slice({ endpoints: [] })));
    expect(takeChangedPodUids(state)).toEqual(['alive']);
  });
});
