import { describe, expect, it } from 'vitest';
import type { RecordingEntry } from '../recording/types';
import { analyzeEntries } from './engine';
import { normalizeEvent } from './events';
import { at, coreEvent, eventsV1Event, observe, pod, termination } from './test-support';
import type { PodTimeline } from './types';

function timeline(entries: RecordingEntry[], uid = 'pod-1'): PodTimeline | undefined {
  return analyzeEntries(entries).pods.find((p) => p.uid === uid);
}

function kinds(result: PodTimeline | undefined, kind: string) {
  return (result?.markers ?? []).filter((m) => m.kind === kind);
}

describe('correlation by uid', () => {
  it('a pod recreated under the same name is a new timeline', () => {
    const entries = [
      ...termination({ uid: 'old' }),
      observe(20, 'ADDED', pod({ uid: 'new', createdAt: 20 })),
      observe(
        30.1,
        'ADDED',
        coreEvent({ uid: 'k-new', regarding: 'new', reason: 'Killing', container: 'app', first: 30 }),
      ),
    ];
    const analysis = analyzeEntries(entries);
    expect(analysis.pods.map((p) => p.uid)).toEqual(['old', 'new']);
    expect(kinds(timeline(entries, 'old'), 'killing').map((m) => m.at)).toEqual([at(11)]);
    expect(kinds(timeline(entries, 'new'), 'killing').map((m) => m.at)).toEqual([at(30)]);
  });

  it('events that arrive before the pod is known attach to it', () => {
    const entries = [
      observe(1, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 1 })),
      observe(2, 'ADDED', pod()),
    ];
    expect(kinds(timeline(entries), 'killing')).toHaveLength(1);
  });

  it('Killing after DELETED still attaches to the deleted uid', () => {
    const forced = pod({ deletion: { timestamp: 10, grace: 0 } });
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(10, 'DELETED', forced),
      observe(12, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 11 })),
    ];
    expect(kinds(timeline(entries), 'killing').map((m) => m.at)).toEqual([at(11)]);
  });

  it('events for a uid never seen as a pod make no timeline', () => {
    expect(
      analyzeEntries([observe(1, 'ADDED', coreEvent({ regarding: 'ghost', reason: 'Killing', first: 1 }))]).pods,
    ).toEqual([]);
  });

  it('an event with the same name but another uid does not attach', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(2, 'ADDED', coreEvent({ regarding: 'other-uid', reason: 'Killing', container: 'app', first: 1 })),
    ];
    expect(kinds(timeline(entries), 'killing')).toEqual([]);
  });
});

describe('both event APIs', () => {
  it('events.k8s.io/v1 events are understood', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(11.1, 'ADDED', eventsV1Event({ reason: 'Killing', container: 'app', first: 11 })),
    ];
    expect(kinds(timeline(entries), 'killing').map((m) => m.at)).toEqual([at(11)]);
  });

  it('the same event seen through both APIs is one event', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(11.1, 'ADDED', coreEvent({ uid: 'same', reason: 'Killing', container: 'app', first: 11 })),
      observe(11.2, 'ADDED', eventsV1Event({ uid: 'same', reason: 'Killing', container: 'app', first: 11 })),
    ];
    const killing = kinds(timeline(entries), 'killing');
    expect(killing).toHaveLength(1);
    expect(killing[0]?.evidence).toHaveLength(1);
  });

  it('an eventTime (MicroTime) gives a tiny interval though its precision label stays second', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(11.5, 'ADDED', eventsV1Event({ reason: 'Killing', container: 'app', eventTime: 11.234 })),
    ];
    expect(kinds(timeline(entries), 'killing')[0]).toMatchObject({
      precision: 'second',
      at: at(11.234),
      earliest: at(11.234),
      latest: at(11.234) + 1,
    });
  });

  it('a firstTimestamp gives a one-second interval', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(11.5, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 11 })),
    ];
    expect(kinds(timeline(entries), 'killing')[0]).toMatchObject({ at: at(11), earliest: at(11), latest: at(12) });
  });

  it('a merged event (count > 1) keeps its first occurrence for Killing', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(11.1, 'ADDED', coreEvent({ uid: 'k', reason: 'Killing', container: 'app', first: 11 })),
      observe(
        25.1,
        'MODIFIED',
        coreEvent({ uid: 'k', reason: 'Killing', container: 'app', first: 11, last: 25, count: 2 }),
      ),
    ];
    const killing = kinds(timeline(entries), 'killing');
    expect(killing.map((m) => m.at)).toEqual([at(11)]);
    expect(killing[0]?.evidence[0]?.text).toContain('×2');
  });

  it('a liveness restart Killing is not the termination', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(
        5,
        'ADDED',
        coreEvent({
          reason: 'Killing',
          container: 'app',
          message: 'Container app failed liveness probe, will be restarted',
          first: 5,
        }),
      ),
    ];
    expect(kinds(timeline(entries), 'killing')).toEqual([]);
  });

  it('a Killing without fieldPath is matched by its message', () => {
    const entries = [
      observe(0, 'ADDED', pod({ containers: [{ name: 'app' }, { name: 'proxy' }] })),
      observe(11.1, 'ADDED', coreEvent({ reason: 'Killing', message: 'Stopping container proxy', first: 11 })),
    ];
    expect(kinds(timeline(entries), 'killing').map((m) => m.container)).toEqual(['proxy']);
  });

  it('preemption with an events.k8s.io Preempted event and DisruptionTarget names the cause', () => {
    const entries = [
      observe(0, 'ADDED', pod()),
      observe(
        10.1,
        'ADDED',
        eventsV1Event({ reason: 'Preempted', message: 'Preempted by pod x on node worker-1', eventTime: 10.05 }),
      ),
      observe(
        10.2,
        'MODIFIED',
        pod({ disruption: { reason: 'PreemptionByScheduler', at: 10 }, deletion: { timestamp: 40, grace: 30 } }),
      ),
    ];
    const result = timeline(entries);
    expect(result?.cause?.reason).toBe('PreemptionByScheduler');
    expect(result?.cause?.evidence.map((e) => e.text).join('\n')).toContain('Preempted by pod x');
  });
});

describe('event normalisation', () => {
  it('reads the container from an initContainers fieldPath (sidecars)', () => {
    const event = coreEvent({ reason: 'Killing', first: 11 });
    event.involvedObject.fieldPath = 'spec.initContainers{proxy}';
    expect(normalizeEvent(event, at(12)).record.container).toBe('proxy');
  });

  it('falls back to lastTimestamp when no first time is set', () => {
    const event = coreEvent({ reason: 'Killing', last: 11 });
    expect(normalizeEvent(event, at(12)).record.firstAt).toEqual({ at: at(11), earliest: at(11), latest: at(12) });
  });
});
