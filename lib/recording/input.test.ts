import { describe, expect, it } from 'vitest';
import { InputTooLargeError, inTimeOrder, openInput, type OpenedInput } from './input';
import { withLatest } from './kubectl-watch';
import { RecordingError } from './recording-error';
import { chunked, gzip, HEADER, lines, podLine, utf8 } from './test-helpers';
import type { Observation } from './types';
import { formatObservationLine } from './writer';

const iso = (second: number): string =>
  new Date(Date.UTC(2026, 10, 24, 10, 0, second)).toISOString().replace('.000Z', 'Z');
const ms = (second: number): number => Date.UTC(2026, 10, 24, 10, 0, second);

function pod(
  name: string,
  created: number,
  extra: { ready?: number; deleted?: number; finished?: number } = {},
): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    name,
    namespace: 'shop',
    uid: `uid-${name}`,
    creationTimestamp: iso(created),
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"secret":"x"}' },
  };
  if (extra.deleted !== undefined) {
    metadata.deletionTimestamp = iso(extra.deleted + 30);
    metadata.deletionGracePeriodSeconds = 30;
  }
  const status: Record<string, unknown> = { phase: 'Running', startTime: iso(created) };
  if (extra.ready !== undefined)
    status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: iso(extra.ready) }];
  if (extra.finished !== undefined)
    status.containerStatuses = [
      {
        name: 'app',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 0, startedAt: iso(created), finishedAt: iso(extra.finished) } },
      },
    ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: { nodeName: 'node-1', terminationGracePeriodSeconds: 30, containers: [{ name: 'app' }] },
    status,
  };
}

function slice(created: number, ready: boolean, trigger?: number): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    name: 'web-abcde',
    namespace: 'shop',
    uid: 'uid-slice',
    creationTimestamp: iso(created),
    labels: { 'kubernetes.io/service-name': 'web' },
  };
  if (trigger !== undefined)
    metadata.annotations = { 'endpoints.kubernetes.io/last-change-trigger-time': iso(trigger) };
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata,
    addressType: 'IPv4',
    endpoints: [
      {
        addresses: ['10.0.0.1'],
        conditions: { ready, serving: ready, terminating: !ready },
        targetRef: { kind: 'Pod', namespace: 'shop', name: 'web-1', uid: 'uid-web-1' },
      },
    ],
  };
}

type Event = [type: 'ADDED' | 'MODIFIED' | 'DELETED', object: Record<string, unknown>];

/** As kubectl -o json prints watch events: pretty-printed with 4 spaces, one after the other. */
const pretty = (events: Event[]): string =>
  events.map(([type, object]) => `${JSON.stringify({ type, object }, null, 4)}\n`).join('');
const compact = (events: Event[]): string =>
  events.map(([type, object]) => `${JSON.stringify({ type, object })}\n`).join('');

const PODS: Event[] = [
  ['ADDED', pod('web-1', 0, { ready: 5 })],
  ['ADDED', pod('web-2', 1, { ready: 6 })],
  ['MODIFIED', pod('web-1', 0, { ready: 5, deleted: 40 })],
  ['MODIFIED', pod('web-1', 0, { ready: 5, deleted: 40, finished: 42 })],
  ['DELETED', pod('web-1', 0, { ready: 5, deleted: 40, finished: 42 })],
];
const SLICES: Event[] = [
  ['ADDED', slice(0, true)],
  ['MODIFIED', slice(0, false)],
];

async function read(
  text: string | Uint8Array,
  chunk = 64 * 1024,
): Promise<{
  opened: OpenedInput;
  entries: { at: number; earliest?: number; latest?: number; kind: string; type: string; raw: string }[];
}> {
  const opened = await openInput(chunked(typeof text === 'string' ? utf8(text) : text, chunk));
  const entries = (await inTimeOrder(opened)).map(({ entry, raw }) => {
    const observation = entry as Observation;
    return {
      at: observation.at,
      earliest: observation.earliest,
      latest: observation.latest,
      kind: observation.object.kind,
      type: observation.type,
      raw,
    };
  });
  return { opened, entries };
}

describe('openInput: one reader for recordings and kubectl output', () => {
  it('tells a recording from kubectl output, compact or pretty, gzip or not, with a byte order mark or blank lines first', async () => {
    expect((await read(lines(HEADER, podLine(0, 'a')))).opened.format).toBe('recording');
    expect((await read(await gzip(utf8(lines(HEADER, podLine(0, 'a')))))).opened.format).toBe('recording');
    for (const text of [pretty(PODS), compact(PODS), `\uFEFF${pretty(PODS)}`, `\n\n  ${compact(PODS)}`]) {
      const { opened, entries } = await read(text);
      expect(opened.format).toBe('kubectl');
      expect(opened.header).toBeNull();
      expect(entries).toHaveLength(PODS.length);
      expect((await read(await gzip(utf8(text)))).entries).toEqual(entries);
    }
  });

  it('reads kubectl output the same whatever the chunk size', async () => {
    const whole = await read(pretty([...PODS, ...SLICES]));
    for (const size of [1, 2, 3, 17, 4096])
      expect((await read(pretty([...PODS, ...SLICES]), size)).entries).toEqual(whole.entries);
  });

  it('reads `kubectl get deployments -A -w --output-watch-events -o json` next to the pods: read, without its pod template', async () => {
    const deployment = (replicas: number, generation: number): Record<string, unknown> => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', uid: 'uid-web', generation, creationTimestamp: iso(0) },
      spec: {
        replicas,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        template: { spec: { containers: [{ name: 'app', env: [{ name: 'TOKEN', value: 'secret' }] }] } },
      },
      status: {
        replicas,
        readyReplicas: replicas,
        conditions: [{ type: 'Available', status: 'True', lastUpdateTime: iso(3), lastTransitionTime: iso(3) }],
      },
    });
    const { entries } = await read(
      pretty(PODS) +
        pretty([
          ['ADDED', deployment(2, 1)],
          ['MODIFIED', deployment(4, 2)],
        ]),
    );
    const deployments = entries.filter((entry) => entry.kind === 'Deployment');
    expect(deployments.map((entry) => entry.type)).toEqual(['ADDED', 'MODIFIED']);
    for (const entry of deployments) expect(entry.raw).not.toContain('template');
  });

  it('reads concatenated streams in either order to the same entries; the slices first are not refused', async () => {
    const podsFirst = await read(pretty(PODS) + pretty(SLICES));
    const slicesFirst = await read(pretty(SLICES) + compact(PODS));
    expect(slicesFirst.entries.map(({ raw: _raw, ...entry }) => entry)).toEqual(
      podsFirst.entries.map(({ raw: _raw, ...entry }) => entry),
    );
    expect(slicesFirst.entries.map((entry) => entry.raw)).toEqual(podsFirst.entries.map((entry) => entry.raw));
  });

  it('never places an EndpointSlice change at a pod time, and bounds every change by the end of the capture', async () => {
    const { entries, opened } = await read(pretty(PODS) + pretty(SLICES));
    // Without a capture time, the newest timestamp's whole second stands in for the end of the capture.
    const end = ms(43);
    expect(opened.captureEnd()).toBe(end);
    const slices = entries.filter((entry) => entry.kind === 'EndpointSlice');
    // Nothing in the slice says when it changed but its creation: it is not moved to the pods' 40 s or 42 s.
    expect(slices.map(({ at, earliest, latest }) => ({ at, earliest, latest }))).toEqual([
      { at: ms(0), earliest: ms(0), latest: end },
      { at: ms(0), earliest: ms(0), latest: end },
    ]);
    for (const entry of entries) {
      expect(entry.latest).toBe(end);
      expect(entry.earliest).toBe(entry.at);
      expect(JSON.parse(entry.raw)).toMatchObject({
        at: new Date(entry.at).toISOString(),
        earliest: new Date(entry.at).toISOString(),
        latest: new Date(end).toISOString(),
      });
    }
    // The pods' own times: the delete request (deletionTimestamp - grace), then the container's exit.
    expect(entries.filter((entry) => entry.kind === 'Pod').map((entry) => [entry.type, entry.at])).toEqual([
      ['ADDED', ms(5)],
      ['ADDED', ms(6)],
      ['MODIFIED', ms(40)],
      ['MODIFIED', ms(42)],
      ['DELETED', ms(42)],
    ]);
  });

  it('bounds every change by the time the capture was known to be complete, when given (a file’s mtime, an upload’s arrival)', async () => {
    const capturedBy = ms(600);
    const opened = await openInput(chunked(utf8(pretty(PODS) + pretty(SLICES)), 4096), { capturedBy });
    const entries = await inTimeOrder(opened);
    expect(opened.captureEnd()).toBe(capturedBy);
    for (const { entry } of entries) expect((entry as Observation).latest).toBe(capturedBy);
  });

  it("reads the slice's last-change-trigger-time before dropping its annotations", async () => {
    const { entries } = await read(
      compact([
        ['ADDED', pod('web-1', 0, { ready: 50 })],
        ['ADDED', slice(0, true)],
        ['MODIFIED', slice(0, false, 41)],
      ]),
    );
    const changed = entries.find((entry) => entry.type === 'MODIFIED');
    expect(changed).toMatchObject({ at: ms(41), earliest: ms(41), latest: ms(51) });
    expect(changed?.raw).not.toContain('annotations');
    expect(entries.map((entry) => entry.raw).join('\n')).not.toContain('last-applied-configuration');
  });

  it('raises a change to the bound of the changes before it in its stream once watching, but not across the initial list', async () => {
    const { entries } = await read(
      compact([
        ['ADDED', pod('web-2', 0, { ready: 30 })],
        // Listed after web-2, but its state is older: the initial list has no time order.
        ['ADDED', pod('web-1', 0, { ready: 10 })],
        ['MODIFIED', pod('web-1', 0, { ready: 10, deleted: 35 })],
        // Delivered after the change at 35 s, so it happened after it, whatever its own times say.
        ['MODIFIED', pod('web-3', 0, { ready: 20 })],
      ]),
    );
    expect(
      entries.map((entry) => [
        entry.type,
        entry.raw.includes('web-3') ? 'web-3' : entry.raw.includes('web-2') ? 'web-2' : 'web-1',
        entry.at,
      ]),
    ).toEqual([
      ['ADDED', 'web-1', ms(10)],
      ['ADDED', 'web-2', ms(30)],
      ['MODIFIED', 'web-1', ms(35)],
      ['MODIFIED', 'web-3', ms(35)],
    ]);
  });

  it('writes the final upper bound as formatObservationLine does', () => {
    const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x "latest":"y"' } };
    const line = formatObservationLine(ms(1), 'ADDED', object, { earliest: ms(1), latest: ms(2) });
    expect(withLatest(line, ms(9))).toBe(
      formatObservationLine(ms(1), 'ADDED', object, { earliest: ms(1), latest: ms(9) }),
    );
  });

  it('refuses a kubectl object over 4 MiB naming its line, and one cut short', async () => {
    const big =
      compact([PODS[0] as Event]) +
      JSON.stringify({ type: 'ADDED', object: { ...pod('web-9', 0), padding: 'x'.repeat(5 * 1024 * 1024) } });
    await expect(read(big)).rejects.toThrow(/^line 2: the JSON object is longer than 4 MiB/);
    await expect(read(pretty(PODS).slice(0, -20))).rejects.toThrow(/cut short/);
    await expect(read(`${compact(PODS)}oops\n`)).rejects.toThrow(/^line 6: expected a JSON object .* found "o"/);
  });

  it('counts decompressed bytes against maxBytes and stops there', async () => {
    const recording = utf8(lines(HEADER, ...Array.from({ length: 20_000 }, (_, index) => podLine(index, 'a'))));
    const compressed = await gzip(recording);
    expect(compressed.byteLength).toBeLessThan(recording.byteLength / 20);
    const limit = recording.byteLength / 2;
    const drain = async (bytes: Uint8Array): Promise<unknown> => {
      const opened = await openInput(chunked(bytes, 4096), { maxBytes: limit });
      for await (const entry of opened.entries) void entry;
      return null;
    };
    await expect(drain(compressed)).rejects.toBeInstanceOf(InputTooLargeError);
    await expect(drain(recording)).rejects.toBeInstanceOf(InputTooLargeError);
    await expect(drain(compressed.subarray(0, 2000))).rejects.toBeInstanceOf(RecordingError);
  });
});
