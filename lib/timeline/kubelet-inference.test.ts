import { describe, expect, it } from 'vitest';
import type { RecordingEntry } from '../recording/types';
import { analyzeEntries } from './engine';
import { at, coreEvent, execHook, httpGetHook, observe, pod, sleepHook, termination } from './test-support';
import type { Marker, MarkerKind, PodTimeline } from './types';

function timeline(entries: RecordingEntry[]): PodTimeline {
  const found = analyzeEntries(entries).pods.find((p) => p.uid === 'pod-1');
  if (!found) throw new Error('pod-1 has no timeline');
  return found;
}

function marker(result: PodTimeline, kind: MarkerKind, container = 'app'): Marker | undefined {
  return result.markers.find((m) => m.kind === kind && m.container === container);
}

function span(m: Marker | undefined): [number, number, number] | undefined {
  return m && [m.at, m.earliest, m.latest];
}

describe('preStop and SIGTERM', () => {
  it('without preStop, SIGTERM is Killing, estimated', () => {
    const result = timeline(termination({ killingAt: 11 }));
    expect(marker(result, 'sigterm')).toMatchObject({
      precision: 'estimated',
      at: at(11),
      earliest: at(11),
      latest: at(12),
    });
    expect(marker(result, 'preStopStart')).toBeUndefined();
  });

  it('a sleep action ends at Killing + seconds and SIGTERM follows it', () => {
    const result = timeline(
      termination({
        containers: [{ name: 'app', preStop: sleepHook(5) }],
        killingAt: 11,
        exits: { app: { exitCode: 0, finishedAt: 17 } },
      }),
    );
    expect(span(marker(result, 'preStopStart'))).toEqual([at(11), at(11), at(12)]);
    expect(span(marker(result, 'preStopEnd'))).toEqual([at(16), at(16), at(17)]);
    expect(span(marker(result, 'sigterm'))).toEqual([at(16), at(16), at(17)]);
    expect(marker(result, 'preStopEnd')?.precision).toBe('estimated');
  });

  it.each([[['sleep', '5']], [['sh', '-c', 'sleep 5']], [['/bin/sh', '-c', 'sleep 5']], [['bash', '-c', 'sleep 5']]])(
    'an exec %j is parsed as a 5 s sleep',
    (command) => {
      const result = timeline(
        termination({
          containers: [{ name: 'app', preStop: execHook(...command) }],
          killingAt: 11,
          exits: { app: { exitCode: 0, finishedAt: 17 } },
        }),
      );
      expect(marker(result, 'sigterm')?.at).toBe(at(16));
    },
  );

  it('a preStop sleep ≥ G is abandoned at the deadline, SIGTERM then, SIGKILL 2 s later', () => {
    const result = timeline(
      termination({
        grace: 10,
        containers: [{ name: 'app', preStop: sleepHook(15) }],
        deleteAt: 10,
        killingAt: 11,
        exits: { app: { exitCode: 137, reason: 'Error', finishedAt: 23 } },
      }),
    );
    expect(marker(result, 'preStopEnd')?.at).toBe(at(21));
    expect(marker(result, 'sigterm')?.at).toBe(at(21));
    expect(span(marker(result, 'sigkill'))).toEqual([at(23), at(23), at(24)]);
    expect(result.gaps.filter((g) => g.kind === 'preStopCutByGrace' || g.kind === 'killedAtDeadline')).toEqual([
      { kind: 'preStopCutByGrace', from: at(11), to: at(21), severity: 'warning', container: 'app' },
      { kind: 'killedAtDeadline', from: at(21), to: at(23), severity: 'critical', container: 'app' },
    ]);
  });

  it('a failed exec preStop ends at its FailedPreStopHook event', () => {
    const entries = [
      ...termination({
        containers: [{ name: 'app', preStop: execHook('/drain.sh') }],
        killingAt: 11,
        exits: { app: { exitCode: 0, finishedAt: 15 } },
      }),
      observe(
        13.1,
        'ADDED',
        coreEvent({
          uid: 'fail',
          reason: 'FailedPreStopHook',
          message: 'PreStopHook failed',
          container: 'app',
          first: 13,
        }),
      ),
    ].sort((a, b) => a.at - b.at);
    const result = timeline(entries);
    expect(marker(result, 'preStopEnd')).toMatchObject({
      at: at(13),
      earliest: at(13),
      latest: at(14),
      precision: 'second',
    });
    expect(marker(result, 'sigterm')?.at).toBe(at(13));
  });

  it('any other hook only bounds preStop end between Killing and the container exit', () => {
    const result = timeline(
      termination({
        containers: [{ name: 'app', preStop: httpGetHook() }],
        killingAt: 11,
        exits: { app: { exitCode: 0, finishedAt: 18 } },
      }),
    );
    expect(span(marker(result, 'preStopEnd'))).toEqual([at(11), at(11), at(19)]);
    expect(marker(result, 'sigterm')?.latest).toBe(at(19));
  });

  it('without Killing no kubelet marker is invented', () => {
    const result = timeline(termination({ killingAt: null }));
    expect(result.markers.map((m) => m.kind)).not.toContain('sigterm');
    expect(result.markers.map((m) => m.kind)).not.toContain('killing');
  });
});

describe('SIGKILL', () => {
  it('an app that ignores SIGTERM exits 137 at Killing + G: SIGKILL', () => {
    const result = timeline(
      termination({ grace: 30, killingAt: 11, exits: { app: { exitCode: 137, reason: 'Error', finishedAt: 41 } } }),
    );
    expect(marker(result, 'sigkill')).toMatchObject({ at: at(41), precision: 'estimated' });
    expect(result.gaps.map((g) => g.kind)).toContain('killedAtDeadline');
  });

  it('a SIGKILL reported up to 2 s late is still a SIGKILL', () => {
    const result = timeline(
      termination({ grace: 30, killingAt: 11, exits: { app: { exitCode: 137, reason: 'Error', finishedAt: 43 } } }),
    );
    expect(marker(result, 'sigkill')).toBeDefined();
  });

  it('exit 137 with OOMKilled is not a SIGKILL', () => {
    const result = timeline(
      termination({ grace: 30, killingAt: 11, exits: { app: { exitCode: 137, reason: 'OOMKilled', finishedAt: 41 } } }),
    );
    expect(marker(result, 'sigkill')).toBeUndefined();
  });

  it('exit 137 long before the deadline is not the kubelet’s SIGKILL', () => {
    const result = timeline(
      termination({ grace: 30, killingAt: 11, exits: { app: { exitCode: 137, reason: 'Error', finishedAt: 20 } } }),
    );
    expect(marker(result, 'sigkill')).toBeUndefined();
  });

  it('with a 5 s preStop sleep and G 30, SIGKILL is at Killing + 30', () => {
    const result = timeline(
      termination({
        grace: 30,
        containers: [{ name: 'app', preStop: sleepHook(5) }],
        killingAt: 11,
        exits: { app: { exitCode: 137, reason: 'Error', finishedAt: 41 } },
      }),
    );
    expect(marker(result, 'sigkill')?.at).toBe(at(41));
  });
});

describe('several containers', () => {
  it('every container gets its own killing, SIGTERM and exit markers', () => {
    const result = timeline(
      termination({
        containers: [{ name: 'app', preStop: sleepHook(5) }, { name: 'worker' }],
        killingAt: 11,
        exits: { app: { exitCode: 0, finishedAt: 17 }, worker: { exitCode: 143, finishedAt: 12 } },
      }),
    );
    expect(marker(result, 'sigterm', 'app')?.at).toBe(at(16));
    expect(marker(result, 'sigterm', 'worker')?.at).toBe(at(11));
    expect(marker(result, 'containerExited', 'worker')).toMatchObject({ exitCode: 143, reason: 'Error' });
  });

  it('sidecars get SIGTERM after the main containers exit, in reverse order', () => {
    const result = timeline(
      termination({
        containers: [{ name: 'app' }],
        sidecars: [{ name: 'log' }, { name: 'proxy' }],
        killingAt: 11,
        exits: {
          app: { exitCode: 0, finishedAt: 14 },
          proxy: { exitCode: 0, finishedAt: 15 },
          log: { exitCode: 0, finishedAt: 16 },
        },
      }),
    );
    expect(marker(result, 'sigterm', 'app')?.at).toBe(at(11));
    // proxy (declared last) waits for app; log waits for app and proxy.
    expect(marker(result, 'sigterm', 'proxy')?.at).toBe(at(14));
    expect(marker(result, 'sigterm', 'log')?.at).toBe(at(15));
    expect(
      result.markers
        .filter((m) => m.kind === 'killing')
        .map((m) => m.container)
        .sort(),
    ).toEqual(['app', 'log', 'proxy']);
  });

  it('a sidecar whose awaited exits were not seen gets a SIGTERM bounded by the grace', () => {
    const result = timeline(
      termination({
        grace: 30,
        containers: [{ name: 'app' }],
        sidecars: [{ name: 'proxy' }],
        killingAt: 11,
        exits: { proxy: { exitCode: 0, finishedAt: 15 } },
      }),
    );
    expect(marker(result, 'sigterm', 'proxy')).toMatchObject({ earliest: at(11), latest: at(42) });
  });
});

describe('pods seen without their containers stopping', () => {
  it('a crash before the delete is a containerExited marker but not part of the termination', () => {
    const entries: RecordingEntry[] = [
      observe(0, 'ADDED', pod()),
      observe(4, 'MODIFIED', pod({ terminated: { app: { exitCode: 1, finishedAt: 3, startedAt: 1 } } })),
      observe(5, 'MODIFIED', pod()),
      observe(10.1, 'MODIFIED', pod({ deletion: { timestamp: 40, grace: 30 } })),
      observe(11.1, 'ADDED', coreEvent({ reason: 'Killing', container: 'app', first: 11 })),
    ];
    const result = timeline(entries);
    expect(result.markers.filter((m) => m.kind === 'containerExited')).toHaveLength(1);
    expect(result.gaps).toEqual([]);
  });
});
