import { describe, expect, it } from 'vitest';
import { parseLine, peekLineTime, peekLineTimeBytes, RecordingError } from './parse-line';
import { parseHeaderLine } from './parse-header';
import { HEADER, pod, T0 } from './test-helpers';
import { formatObservationLine, formatWatchStateLine } from './writer';

function errorOf(run: () => unknown): RecordingError {
  try {
    run();
  } catch (error) {
    if (error instanceof RecordingError) return error;
    throw error;
  }
  throw new Error('expected a RecordingError');
}

function observation(fields: Record<string, unknown>): string {
  return JSON.stringify({ at: '2026-11-24T04:25:01.234Z', type: 'ADDED', object: pod('u1'), ...fields });
}

describe('parseLine', () => {
  it('reads an observation with its receipt time as epoch ms and the object validated by its kind', () => {
    const parsed = parseLine(formatObservationLine(T0 + 1234, 'MODIFIED', pod('u1')), 2);
    expect(parsed).toEqual({
      kind: 'observation',
      entry: {
        at: T0 + 1234,
        type: 'MODIFIED',
        object: expect.objectContaining({ kind: 'Pod', metadata: expect.objectContaining({ uid: 'u1' }) }),
      },
    });
  });

  it('drops object fields the analysis does not declare', () => {
    const object = { ...pod('u1'), extra: 'not used' };
    const parsed = parseLine(JSON.stringify({ at: '2026-11-24T04:25:01.234Z', type: 'ADDED', object }), 2);
    expect(parsed.kind === 'observation' && 'extra' in parsed.entry.object).toBe(false);
  });

  it('reads EndpointSlices, core/v1 Events and events.k8s.io/v1 Events', () => {
    const metadata = { uid: 'x', name: 'x' };
    const objects = [
      { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata, endpoints: [] },
      { apiVersion: 'v1', kind: 'Event', metadata, involvedObject: { uid: 'u1' }, reason: 'Killing' },
      { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata, regarding: { uid: 'u1' }, reason: 'Preempted' },
    ];
    for (const object of objects) expect(parseLine(observation({ object }), 2).kind).toBe('observation');
  });

  it('checks an event whose reason the analysis does not read only as far as it is read, and every other fully', () => {
    const metadata = { uid: 'e1', name: 'web-1.18' };
    const pulled = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata,
      involvedObject: { uid: 'u1' },
      reason: 'Pulled',
      count: 'twice',
      message: 'Pulled image',
    };
    const parsed = parseLine(observation({ object: pulled }), 3);
    // A wrong field nobody reads is no reason to refuse the file; the result still names what the event is about.
    expect(parsed).toEqual({
      kind: 'observation',
      entry: expect.objectContaining({
        object: { apiVersion: 'v1', kind: 'Event', metadata, involvedObject: { uid: 'u1' }, reason: 'Pulled' },
      }),
    });
    const started = {
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata,
      regarding: { uid: 'u1' },
      reason: 'Started',
      deprecatedCount: 'x',
    };
    expect(parseLine(observation({ object: started }), 3).kind).toBe('observation');
    // What is read is still checked: the reason itself, and what identifies the event.
    expect(errorOf(() => parseLine(observation({ object: { ...pulled, reason: 7 } }), 3)).message).toMatch(
      /^line 3: object\.reason/,
    );
    expect(
      errorOf(() => parseLine(observation({ object: { ...pulled, metadata: { name: 'x' } } }), 3)).message,
    ).toMatch(/object\.metadata\.uid/);
    // The reasons the analysis reads get every field checked, as before.
    for (const reason of ['Killing', 'FailedPreStopHook', 'SuccessfulDelete']) {
      expect(errorOf(() => parseLine(observation({ object: { ...pulled, reason } }), 3)).message).toMatch(
        /object\.count/,
      );
    }
    expect(errorOf(() => parseLine(observation({ object: { ...started, reason: 'Preempted' } }), 3)).message).toMatch(
      /object\.deprecatedCount/,
    );
  });
  it('reads a watch-state line, with and without a reason', () => {
    expect(parseLine(formatWatchStateLine(T0, 'endpointslices', 'relisted'), 5)).toEqual({
      kind: 'watch-state',
      entry: { at: T0, type: 'WATCH', resource: 'endpointslices', state: 'relisted' },
    });
    expect(parseLine(formatWatchStateLine(T0, 'pods', 'disconnected', 'EOF'), 5)).toEqual({
      kind: 'watch-state',
      entry: { at: T0, type: 'WATCH', resource: 'pods', state: 'disconnected', reason: 'EOF' },
    });
  });

  it('reads the blind-since time of a disconnected watch, and refuses one after the line’s own time', () => {
    const line = formatWatchStateLine(T0, 'pods', 'disconnected', 'hung', T0 - 60_000);
    expect(parseLine(line, 5)).toEqual({
      kind: 'watch-state',
      entry: { at: T0, type: 'WATCH', resource: 'pods', state: 'disconnected', reason: 'hung', since: T0 - 60_000 },
    });
    expect(errorOf(() => parseLine(formatWatchStateLine(T0, 'pods', 'disconnected', 'x', T0 + 1), 6)).message).toMatch(
      /since must not be after at/,
    );
    expect(errorOf(() => parseLine(line.replace(/"since":"[^"]*"/, '"since":"yesterday"'), 7)).message).toMatch(
      /since must be an ISO-8601 time/,
    );
  });

  it('reads the bounds of an observation whose receipt time is not when its state came to be, and refuses bounds that do not hold `at`', () => {
    const object = pod('u1');
    const line = formatObservationLine(T0, 'MODIFIED', object, { earliest: T0 - 5000, latest: T0 + 5000 });
    const parsed = parseLine(line, 2);
    expect(parsed.kind === 'observation' && [parsed.entry.earliest, parsed.entry.latest]).toEqual([
      T0 - 5000,
      T0 + 5000,
    ]);
    expect(
      errorOf(() =>
        parseLine(formatObservationLine(T0, 'MODIFIED', object, { earliest: T0 + 1, latest: T0 + 5000 }), 3),
      ).message,
    ).toMatch(/earliest ≤ at ≤ latest/);
    const plain = parseLine(formatObservationLine(T0, 'MODIFIED', object), 4);
    expect(plain.kind === 'observation' && 'earliest' in plain.entry).toBe(false);
  });

  it('reports an object of a kind it does not analyse as skipped, naming apiVersion and kind', () => {
    const object = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-6d4b8c9f7' } };
    expect(parseLine(observation({ object }), 4)).toEqual({ kind: 'skipped', apiVersionKind: 'apps/v1 ReplicaSet' });
  });

  it('reads an apps/v1 Deployment: its replicas and rollout strategy (intstr as number or percentage)', () => {
    const object = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', uid: 'd1', generation: 3 },
      spec: { replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '50%' } } },
      status: { replicas: 4, readyReplicas: 3 },
    };
    const parsed = parseLine(observation({ object }), 4);
    expect(parsed.kind === 'observation' && parsed.entry.object).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', uid: 'd1' },
      spec: { replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '50%' } } },
    });
    expect(() => parseLine(observation({ object: { ...object, spec: { replicas: 'four' } } }), 5)).toThrow(
      /line 5: object\.spec\.replicas/,
    );
  });

  it('treats empty and whitespace-only lines as blank', () => {
    expect(parseLine('', 1)).toEqual({ kind: 'blank' });
    expect(parseLine('  \t ', 1)).toEqual({ kind: 'blank' });
  });

  it('recognises a header line anywhere, so the reader can refuse a second one', () => {
    expect(parseLine(HEADER, 9).kind).toBe('header');
  });

  it('names the line and the JSON problem for a line that is not JSON', () => {
    const error = errorOf(() => parseLine('{"at": oops}', 7));
    expect(error.line).toBe(7);
    expect(error.message).toMatch(/^line 7: not valid JSON \(.+\)$/);
  });

  it('refuses JSON that is not an object', () => {
    expect(errorOf(() => parseLine('[1,2]', 3)).message).toBe('line 3: expected a JSON object, found an array');
  });

  it('names a missing metadata.uid by its path', () => {
    const object = pod('u1');
    object.metadata = { name: 'web' };
    expect(errorOf(() => parseLine(observation({ object }), 3)).message).toBe(
      'line 3: object.metadata.uid is required',
    );
  });

  it('names array positions and the expected type for a field of the wrong type', () => {
    const object = { ...pod('u1'), spec: { containers: [{ name: 'app' }, { name: 7 }] } };
    expect(errorOf(() => parseLine(observation({ object }), 3)).message).toBe(
      'line 3: object.spec.containers[1].name must be a string (found 7)',
    );
  });

  it('refuses an `at` that is missing, not ISO-8601, or a day that does not exist', () => {
    expect(errorOf(() => parseLine(observation({ at: undefined }), 4)).message).toMatch(/^line 4: at is required/);
    expect(errorOf(() => parseLine(observation({ at: 'yesterday' }), 4)).message).toBe(
      'line 4: at must be an ISO-8601 time like 2026-11-24T04:25:01.234Z (found "yesterday")',
    );
    expect(errorOf(() => parseLine(observation({ at: 1795494301234 }), 4)).message).toMatch(
      /^line 4: at must be an ISO-8601 time/,
    );
    expect(errorOf(() => parseLine(observation({ at: '2026-02-30T00:00:00.000Z' }), 4)).message).toMatch(
      /^line 4: at must be/,
    );
  });

  it('refuses an unknown watch event type and lists the valid ones', () => {
    expect(errorOf(() => parseLine(observation({ type: 'BOOKMARK' }), 6)).message).toBe(
      'line 6: type must be one of ADDED, MODIFIED, DELETED (or WATCH for a watch-state line) (found "BOOKMARK")',
    );
  });

  it('refuses an observation without object, apiVersion or kind', () => {
    expect(errorOf(() => parseLine(observation({ object: undefined }), 2)).message).toBe('line 2: object is required');
    expect(errorOf(() => parseLine(observation({ object: { kind: 'Pod' } }), 2)).message).toBe(
      'line 2: object.apiVersion is required',
    );
    expect(errorOf(() => parseLine(observation({ object: { apiVersion: 'v1' } }), 2)).message).toBe(
      'line 2: object.kind is required',
    );
  });

  it('refuses a watch-state line with an unknown resource or state', () => {
    const watch = (fields: Record<string, unknown>) =>
      JSON.stringify({
        at: '2026-11-24T04:30:00.000Z',
        type: 'WATCH',
        resource: 'pods',
        state: 'connected',
        ...fields,
      });
    expect(errorOf(() => parseLine(watch({ resource: 'nodes' }), 8)).message).toBe(
      'line 8: resource must be one of pods, events, endpointslices, deployments (found "nodes")',
    );
    expect(errorOf(() => parseLine(watch({ state: undefined }), 8)).message).toBe(
      'line 8: state is required (one of connected, disconnected, relisted)',
    );
    expect(errorOf(() => parseLine(watch({ reason: 42 }), 8)).message).toBe(
      'line 8: reason must be a string (found 42)',
    );
  });

  it('counts further zod problems after naming the first', () => {
    const object = { ...pod('u1'), metadata: {} };
    expect(errorOf(() => parseLine(observation({ object }), 3)).message).toBe(
      'line 3: object.metadata.uid is required (and 1 more problem)',
    );
  });
});

describe('parseHeaderLine', () => {
  it('reads a version 1 header', () => {
    expect(parseHeaderLine(HEADER, 1)).toEqual({
      drainscope: 'recording',
      version: 1,
      startedAt: '2026-11-24T04:25:00.000Z',
      cluster: 'prod-eu-1',
      scope: { namespaces: ['shop'], labelSelector: null },
    });
  });

  it('reads a missing cluster or scope as null', () => {
    expect(
      parseHeaderLine('{"drainscope":"recording","version":1,"startedAt":"2026-11-24T04:25:00.000Z"}', 1),
    ).toMatchObject({ cluster: null, scope: null });
  });

  it('says a file whose first line is not a header is not a recording', () => {
    expect(errorOf(() => parseHeaderLine('{"at":"2026-11-24T04:25:00.000Z","type":"ADDED"}', 1)).message).toBe(
      'line 1: not a drainscope recording: the first line must be the header {"drainscope":"recording","version":1,...}',
    );
    expect(errorOf(() => parseHeaderLine('hello world', 1)).message).toMatch(/^line 1: not a drainscope recording/);
    expect(errorOf(() => parseHeaderLine('{"drainscope":"trace","version":1}', 1)).message).toMatch(
      /^line 1: not a drainscope recording.*\(found "drainscope": "trace"\)$/,
    );
  });

  it('refuses an unknown version, saying which it found and which it supports', () => {
    expect(
      errorOf(() => parseHeaderLine('{"drainscope":"recording","version":2,"startedAt":"2026-11-24T04:25:00.000Z"}', 1))
        .message,
    ).toBe('line 1: unsupported recording version: found version 2; this reader supports version 1');
    expect(errorOf(() => parseHeaderLine('{"drainscope":"recording"}', 1)).message).toBe(
      'line 1: unsupported recording version: the header has no "version"; this reader supports version 1',
    );
  });

  it('names a bad header field', () => {
    expect(errorOf(() => parseHeaderLine('{"drainscope":"recording","version":1}', 1)).message).toBe(
      'line 1: header.startedAt is required',
    );
    expect(errorOf(() => parseHeaderLine('{"drainscope":"recording","version":1,"startedAt":"now"}', 1)).message).toBe(
      'line 1: header.startedAt must be an ISO-8601 time like 2026-11-24T04:25:01.234Z (found "now")',
    );
    expect(
      errorOf(() =>
        parseHeaderLine(
          '{"drainscope":"recording","version":1,"startedAt":"2026-11-24T04:25:00Z","scope":{"namespaces":"shop"}}',
          1,
        ),
      ).message,
    ).toBe('line 1: header.scope.namespaces must be an array (found "shop")');
  });
});

describe('peekLineTime', () => {
  it('reads `at` off the start of a line as the writer formats it', () => {
    expect(peekLineTime('{"at":"2026-11-24T04:25:01.234Z","type":"ADDED","object":{}}')).toBe(
      Date.parse('2026-11-24T04:25:01.234Z'),
    );
  });

  it('gives null for any other shape, leaving the line to the full parse', () => {
    expect(peekLineTime('{"type":"ADDED","at":"2026-11-24T04:25:01.234Z"}')).toBeNull();
    expect(peekLineTime('{"at":"2026-11-24 04:25:01","type":"ADDED"}')).toBeNull();
    expect(peekLineTime('{"at":"2026-11-24T04:25:01.234Z"}')).toBeNull();
    expect(peekLineTime('{"at":"2026-11-24T04:25:01.234Z')).toBeNull();
  });
});

describe('peekLineTimeBytes', () => {
  it('gives what peekLineTime gives on the decoded line', () => {
    const samples = [
      '{"at":"2026-11-24T04:25:01.234Z","type":"ADDED","object":{}}',
      '{"at":"2026-11-24T04:25:01+02:00","type":"ADDED"}',
      '{"type":"ADDED","at":"2026-11-24T04:25:01.234Z"}',
      '{"at":"2026-11-24 04:25:01","type":"ADDED"}',
      '{"at":"2026-11-24T04:25:01.234Z"}',
      '{"at":"2026-11-24T04:25:01.234Z',
      '{"at":"2026-11-24T04:25:01.234Zé","type":"ADDED"}',
      `{"at":"${'9'.repeat(100)}","type":"ADDED"}`,
      '{"at":"',
      '',
    ];
    for (const text of samples) expect(peekLineTimeBytes(new TextEncoder().encode(text))).toBe(peekLineTime(text));
  });
});
