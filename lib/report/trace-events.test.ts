import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Replay } from '../review/replay';
import { toAnalysisJson, type AnalysisJson, type PodJson } from '../timeline/analysis-json';
import { analyzeEntries } from '../timeline/engine';
import { readEntries } from '../timeline/scenario-support';
import { sleepHook, termination } from '../timeline/test-support';
import type { Analysis, Gap, Marker, PodTimeline } from '../timeline/types';
import { traceProblems } from './trace-check';
import { chromeTraceChunks, packTrack, toChromeTrace } from './trace-events';

/** What a viewer reads: the text the export writes, parsed back. */
interface ParsedEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  s?: string;
  args: Record<string, unknown>;
}

interface ParsedTrace {
  displayTimeUnit: string;
  otherData: Record<string, string>;
  traceEvents: ParsedEvent[];
}

function text(pods: readonly PodTimeline[], nowMs?: number | null): string {
  return [...chromeTraceChunks(toChromeTrace(pods, { nowMs }))].join('');
}

function parse(json: string): ParsedTrace {
  return JSON.parse(json) as ParsedTrace;
}

function threadNames(trace: ParsedTrace): Map<number, string> {
  return new Map(
    trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [e.tid, String(e.args.name)]),
  );
}

function processNames(trace: ParsedTrace): Map<number, string> {
  return new Map(
    trace.traceEvents.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, String(e.args.name)]),
  );
}

const DIR = new URL('../../fixtures/scenarios/', import.meta.url);
const recordings = readdirSync(DIR)
  .filter((name) => name.endsWith('.ndjson'))
  .sort();

/**
 * Each fixture's full analysis, and its replay stopped halfway through every pod's termination (delete → gone):
 * there the analysis has predictions (expected markers) and gaps still open, which the full one never has.
 */
async function analysesOf(name: string): Promise<{ label: string; analysis: Analysis; nowMs: number | null }[]> {
  const entries = await readEntries(readFileSync(new URL(name, DIR), 'utf8'));
  const full = analyzeEntries(entries);
  const replay = new Replay(entries);
  const cuts = new Set<number>();
  for (const pod of full.pods) {
    const deleted = pod.markers.find((m) => m.kind === 'deleteRequested');
    const gone = pod.markers.find((m) => m.kind === 'podDeleted');
    if (deleted && gone) cuts.add(Math.round((deleted.at + gone.at) / 2));
  }
  return [
    { label: 'full', analysis: full, nowMs: null },
    ...[...cuts]
      .sort()
      .map((at) => ({ label: `at ${new Date(at).toISOString()}`, analysis: replay.seek(at), nowMs: at })),
  ];
}

const cases = (
  await Promise.all(recordings.map(async (name) => (await analysesOf(name)).map((c) => ({ ...c, name }))))
).flat();

describe('trace structure (Chrome Trace Event Format)', () => {
  it('finds the fixtures, and replays cut mid-termination that have predictions and open gaps', () => {
    expect(recordings.length).toBeGreaterThanOrEqual(15);
    const cut = cases.filter((c) => c.label !== 'full').map((c) => toAnalysisJson(c.analysis));
    expect(cut.some((a) => a.pods.some((p) => p.markers.some((m) => m.expected)))).toBe(true);
    expect(cut.some((a) => a.pods.some((p) => p.gaps.some((g) => g.open)))).toBe(true);
  });

  it.each(cases.map((c) => [`${c.name} ${c.label}`, c] as const))(
    '%s is well formed',
    (_label, { analysis, nowMs }) => {
      const json = text(analysis.pods, nowMs);
      const trace = parse(json);
      expect(traceProblems(trace)).toEqual([]);
      // Perfetto reads displayTimeUnit only near the start of the file.
      expect(json.startsWith('{"displayTimeUnit":"ms",')).toBe(true);
      for (const event of trace.traceEvents) {
        expect(Number.isInteger(event.ts)).toBe(true);
        if (event.ph === 'X') expect(Number.isInteger(event.dur)).toBe(true);
      }
      // Every process and thread named, each once.
      const metadata = trace.traceEvents.filter((e) => e.ph === 'M' && e.name.endsWith('_name'));
      expect(new Set(metadata.map((e) => `${e.name}:${e.tid}`)).size).toBe(metadata.length);
    },
  );

  it('the checker finds what viewers trip over', () => {
    const ok = { name: 'a', cat: 'c', ph: 'X', ts: 0, dur: 10, pid: 1, tid: 2, args: {} };
    const names = [
      { name: 'process_name', ph: 'M', ts: 0, pid: 1, tid: 1, args: { name: 'p' } },
      { name: 'thread_name', ph: 'M', ts: 0, pid: 1, tid: 2, args: { name: 't' } },
    ];
    const check = (events: unknown[], top: Record<string, unknown> = {}) =>
      traceProblems({ displayTimeUnit: 'ms', traceEvents: [...names, ...events], ...top });
    expect(check([ok])).toEqual([]);
    expect(
      check([
        { ...ok, ts: 5, dur: 10 },
        { ...ok, ts: 10, dur: 10 },
      ]),
    ).toEqual(['events 2 and 3 cross on one thread']);
    expect(check([ok, { ...ok, dur: 5 }])).toEqual(['events 2 and 3 start together and end apart on one thread']);
    expect(check([{ ...ok, ts: -1 }])).toEqual(['event 2: ts must be a number of microseconds >= 0']);
    expect(check([{ ...ok, dur: undefined }])).toEqual(['event 2: X event without a dur >= 0']);
    expect(check([{ ...ok, ph: 'i' }])).toEqual(['event 2: instant scope s must be t, p or g']);
    expect(check([{ ...ok, tid: 3 }])).toEqual(['event 2: thread 3 has no thread_name in process 1']);
    expect(check([{ ...ok, args: [] }])).toContain('event 2: field args is an array');
    expect(check([ok], { metadata: {} })).toEqual(['unknown top-level key "metadata"']);
  });
});

/** The event a marker became: same pod (uid), kind, time, container and everything the marker knows. */
function markerMatches(event: ParsedEvent, pod: PodJson, marker: PodJson['markers'][number], origin: number): boolean {
  const a = event.args;
  return (
    event.ph === 'i' &&
    event.s === 't' &&
    a.uid === pod.uid &&
    a.kind === marker.kind &&
    event.ts === (Date.parse(marker.at) - origin) * 1000 &&
    a.at === marker.at &&
    a.earliest === marker.earliest &&
    a.latest === marker.latest &&
    a.earliestUs === (Date.parse(marker.earliest) - origin) * 1000 &&
    a.latestUs === (Date.parse(marker.latest) - origin) * 1000 &&
    a.precision === marker.precision &&
    a.expected === marker.expected &&
    a.container === marker.container &&
    a.exitCode === marker.exitCode &&
    a.reason === marker.reason
  );
}

function gapMatches(event: ParsedEvent, pod: PodJson, gap: PodJson['gaps'][number], origin: number): boolean {
  const a = event.args;
  return (
    event.ph === 'X' &&
    event.cat === 'gap' &&
    a.uid === pod.uid &&
    a.kind === gap.kind &&
    event.ts === (Date.parse(gap.from) - origin) * 1000 &&
    event.dur === (Date.parse(gap.to) - Date.parse(gap.from)) * 1000 &&
    a.from === gap.from &&
    a.to === gap.to &&
    a.severity === gap.severity &&
    a.open === gap.open &&
    a.container === gap.container
  );
}

function workloadName(pod: PodJson): string {
  return pod.workload
    ? `${pod.namespace}/${pod.workload.kind}/${pod.workload.name}`
    : `${pod.namespace} (pods without a controller)`;
}

describe('round trip: every marker and gap of the analysis JSON is in the trace', () => {
  it.each(cases.map((c) => [`${c.name} ${c.label}`, c] as const))('%s', (_label, { analysis, nowMs }) => {
    const json: AnalysisJson = toAnalysisJson(analysis);
    const trace = parse(text(analysis.pods, nowMs));
    const origin = Date.parse(trace.otherData.episodeStart ?? '');
    const threads = threadNames(trace);
    const processes = processNames(trace);
    const instants = trace.traceEvents.filter((e) => e.ph === 'i');
    const gaps = trace.traceEvents.filter((e) => e.ph === 'X' && e.cat === 'gap');
    const taken = new Set<ParsedEvent>();
    let markers = 0;
    let gapCount = 0;
    for (const pod of json.pods) {
      for (const marker of pod.markers) {
        markers++;
        const event = instants.find((e) => !taken.has(e) && markerMatches(e, pod, marker, origin));
        expect(event, `${pod.name} ${marker.kind} ${marker.container ?? ''} at ${marker.at}`).toBeDefined();
        if (!event) continue;
        taken.add(event);
        expect(event.name).toBe(marker.expected ? `${marker.kind} (expected)` : marker.kind);
        // On the pod's own threads (`<pod>`, `<pod> endpoints`, `<pod>/<container>`), in its workload's process.
        const thread = threads.get(event.tid) ?? '';
        expect(thread === pod.name || thread.startsWith(`${pod.name} `) || thread.startsWith(`${pod.name}/`)).toBe(
          true,
        );
        if (marker.container !== undefined && thread.includes('/'))
          expect(thread).toBe(`${pod.name}/${marker.container}`);
        expect(processes.get(event.pid)).toBe(workloadName(pod));
      }
      for (const gap of pod.gaps) {
        gapCount++;
        const event = gaps.find((e) => !taken.has(e) && gapMatches(e, pod, gap, origin));
        expect(event, `${pod.name} ${gap.kind} ${gap.from} → ${gap.to}`).toBeDefined();
        if (!event) continue;
        taken.add(event);
        expect(event.name).toBe(gap.kind);
        expect(threads.get(event.tid)?.startsWith(`${pod.name} gaps`)).toBe(true);
        expect(processes.get(event.pid)).toBe(workloadName(pod));
      }
    }
    // Nothing more: one instant per marker, one gap slice per gap.
    expect(instants.length).toBe(markers);
    expect(gaps.length).toBe(gapCount);
  });
});

describe('the slices between markers', () => {
  const first = (pod: PodTimeline, kind: Marker['kind'], container?: string) =>
    pod.markers.find((m) => m.kind === kind && (container === undefined || m.container === container));
  const slicesOf = (trace: ParsedTrace, name: string, uid: string) =>
    trace.traceEvents.filter((e) => e.ph === 'X' && e.name === name && e.args.uid === uid);

  it('terminating runs from the delete to the pod gone, routed from endpoint ready to not ready, preStop on its container', () => {
    const { analysis } = cases.find((c) => c.name === '13-sidecars.ndjson' && c.label === 'full')!;
    const trace = parse(text(analysis.pods));
    const origin = Date.parse(trace.otherData.episodeStart ?? '');
    const us = (marker: Marker | undefined) => (marker!.at - origin) * 1000;
    const pod = analysis.pods.find((p) => first(p, 'deleteRequested'))!;
    const [terminating] = slicesOf(trace, 'terminating', pod.uid);
    expect(terminating).toMatchObject({
      ts: us(first(pod, 'deleteRequested')),
      dur: us(first(pod, 'podDeleted')) - us(first(pod, 'deleteRequested')),
      args: { fromMarker: 'deleteRequested', toMarker: 'podDeleted' },
    });
    expect(terminating?.args.open).toBeUndefined();
    const [routed] = slicesOf(trace, 'routed', pod.uid);
    expect(routed).toMatchObject({
      ts: us(first(pod, 'endpointReady')),
      dur: us(first(pod, 'endpointNotReady')) - us(first(pod, 'endpointReady')),
      args: { toMarker: 'endpointNotReady' },
    });
    // Three containers: one thread each for what happens to a container; the proxy has the preStop hook.
    const threads = threadNames(trace);
    const [preStop] = slicesOf(trace, 'preStop', pod.uid);
    expect(preStop).toMatchObject({
      ts: us(first(pod, 'preStopStart', 'proxy')),
      dur: us(first(pod, 'preStopEnd', 'proxy')) - us(first(pod, 'preStopStart', 'proxy')),
      args: { container: 'proxy' },
    });
    expect(threads.get(preStop!.tid)).toBe(`${pod.name}/proxy`);
    expect([...threads.values()].filter((name) => name.startsWith(`${pod.name}/`)).sort()).toEqual([
      `${pod.name}/app`,
      `${pod.name}/log-shipper`,
      `${pod.name}/proxy`,
    ]);
  });

  it('a pod with one container has no container thread: its markers and preStop are on the pod thread', () => {
    const analysis = analyzeEntries(
      termination({
        containers: [{ name: 'app', preStop: sleepHook(5) }],
        exits: { app: { exitCode: 0, finishedAt: 25 } },
      }),
    );
    const trace = parse(text(analysis.pods));
    const pod = analysis.pods[0]!;
    expect([...threadNames(trace).values()].every((name) => !name.includes('/'))).toBe(true);
    const [preStop] = slicesOf(trace, 'preStop', pod.uid);
    expect(threadNames(trace).get(preStop!.tid)).toBe(pod.name);
    expect(trace.traceEvents.find((e) => e.ph === 'i' && e.name === 'sigterm')?.tid).toBe(preStop!.tid);
  });

  it('while a pod terminates, what has not been seen yet runs to now and says open; predictions say expected', () => {
    const cut = cases.find((c) => c.name === '02-prestop-sleep.ndjson' && c.label !== 'full')!;
    const trace = parse(text(cut.analysis.pods, cut.nowMs));
    const origin = Date.parse(trace.otherData.episodeStart ?? '');
    const terminating = trace.traceEvents.find((e) => e.name === 'terminating')!;
    expect(terminating.args).toMatchObject({ open: true, to: new Date(cut.nowMs!).toISOString() });
    expect(terminating.ts + terminating.dur!).toBe((cut.nowMs! - origin) * 1000);
    expect(trace.otherData.observedUntil).toBe(new Date(cut.nowMs!).toISOString());
    const predicted = trace.traceEvents.filter((e) => e.args.expected === true);
    expect(predicted.length).toBeGreaterThan(0);
    for (const event of predicted) expect(event.name).toMatch(/ \(expected\)$/);
  });

  it('a slice never runs past the pod’s removal, even when now is later', () => {
    const analysis = analyzeEntries(
      termination({ containers: [{ name: 'app' }], exits: { app: { exitCode: 0, finishedAt: 3 } } }),
    );
    const pod = analysis.pods[0]!;
    // The endpoint is seen ready, and never seen leaving: routed has no end, and the pod is gone.
    const ready: Marker = {
      kind: 'endpointReady',
      at: pod.markers[0]!.at,
      earliest: pod.markers[0]!.at,
      latest: pod.markers[0]!.at,
      precision: 'observed',
      evidence: [],
    };
    const withEndpoint: PodTimeline = {
      ...pod,
      markers: [ready, ...pod.markers.filter((m) => !m.kind.startsWith('endpoint'))],
    };
    const gone = withEndpoint.markers.find((m) => m.kind === 'podDeleted')!;
    const trace = parse(text([withEndpoint], gone.at + 60_000));
    const routed = trace.traceEvents.find((e) => e.name === 'routed')!;
    expect(routed.args).toMatchObject({ open: true, to: new Date(gone.at).toISOString() });
  });
});

describe('clocks that disagree', () => {
  it('a slice whose ends fall the wrong way round has no length, and keeps its true ends in args', () => {
    // The removal seen (drainscope's clock) before the delete request's time (the API server's clock).
    const pod = analyzeEntries(
      termination({ containers: [{ name: 'app' }], exits: { app: { exitCode: 0, finishedAt: 3 } } }),
    ).pods[0]!;
    const deleted = pod.markers.find((m) => m.kind === 'deleteRequested')!;
    const gone = pod.markers.find((m) => m.kind === 'podDeleted')!;
    expect(gone.at).toBeLessThan(deleted.at);
    const trace = parse(text([pod]));
    expect(traceProblems(trace)).toEqual([]);
    const terminating = trace.traceEvents.find((e) => e.name === 'terminating')!;
    expect(terminating.ts).toBe((deleted.at - Date.parse(trace.otherData.episodeStart ?? '')) * 1000);
    expect(terminating.dur).toBe(0);
    expect(terminating.args).toMatchObject({
      from: new Date(deleted.at).toISOString(),
      to: new Date(gone.at).toISOString(),
      toMarker: 'podDeleted',
    });
  });
});

describe('processes and threads', () => {
  const base = analyzeEntries(
    termination({ containers: [{ name: 'app' }], exits: { app: { exitCode: 0, finishedAt: 3 } } }),
  ).pods[0]!;
  const variant = (uid: string, name: string, workload: PodTimeline['workload'], namespace = 'shop'): PodTimeline => ({
    ...base,
    uid,
    name,
    namespace,
    workload,
  });

  it('one process per workload, pods without a controller per namespace; thread ids never reuse a process id', () => {
    const pods = [
      variant('u1', 'web-1', { kind: 'Deployment', name: 'web' }),
      variant('u2', 'db-0', { kind: 'StatefulSet', name: 'db' }),
      variant('u3', 'web-2', { kind: 'Deployment', name: 'web' }),
      variant('u4', 'debug', null),
      variant('u5', 'web-1', { kind: 'Deployment', name: 'web' }, 'staging'),
    ];
    const trace = parse(text(pods));
    expect(traceProblems(trace)).toEqual([]);
    expect([...processNames(trace).values()]).toEqual([
      'shop/Deployment/web',
      'shop/StatefulSet/db',
      'shop (pods without a controller)',
      'staging/Deployment/web',
    ]);
    const pidOf = (uid: string) => new Set(trace.traceEvents.filter((e) => e.args.uid === uid).map((e) => e.pid));
    expect(pidOf('u1')).toEqual(pidOf('u3'));
    expect(pidOf('u1')).not.toEqual(pidOf('u5'));
  });

  it('pod names and reasons from the cluster stay JSON values, exactly, one event per line', () => {
    const hostile = '"}],"traceEvents":[{"ph":"X"\n\u0000\u001b[31m</script>\u2028é🚀';
    const pod = {
      ...variant('u1', hostile, { kind: 'Deployment', name: hostile }),
      markers: base.markers.map((m) => (m.kind === 'containerExited' ? { ...m, reason: hostile } : m)),
    };
    const json = text([pod]);
    // eslint-disable-next-line no-control-regex
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    const trace = parse(json);
    expect(json.split('\n').length).toBe(trace.traceEvents.length + 3);
    expect(traceProblems(trace)).toEqual([]);
    expect(threadNames(trace).get(trace.traceEvents.find((e) => e.ph === 'i')!.tid)).toBe(hostile);
    expect(processNames(trace).get(1)).toBe(`shop/Deployment/${hostile}`);
    expect(trace.traceEvents.find((e) => e.name === 'containerExited')?.args.reason).toBe(hostile);
  });

  it('an empty analysis is an empty, well-formed trace', () => {
    const trace = parse(text([]));
    expect(trace.traceEvents).toEqual([]);
    expect(traceProblems(trace)).toEqual([]);
  });

  it('writes a large trace in several pieces that join to the same JSON', () => {
    const pods = Array.from({ length: 400 }, (_, i) =>
      variant(`u${i}`, `web-${i}`, { kind: 'Deployment', name: 'web' }),
    );
    const trace = toChromeTrace(pods);
    const chunks = [...chromeTraceChunks(trace)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(JSON.parse(chunks.join(''))).toEqual(JSON.parse(JSON.stringify(trace)));
  });
});

describe('packTrack', () => {
  const span = (startMs: number, endMs: number) => ({ startMs, endMs });

  it('keeps nested and disjoint slices on one thread', () => {
    const outer = span(0, 100);
    const inner = span(10, 20);
    const later = span(100, 120);
    expect(packTrack([outer, inner, later])).toEqual([[outer, inner, later]]);
  });

  it('moves a slice that would cross another to the next thread that takes it; markers stay on the first', () => {
    const routed = span(0, 30);
    const terminating = span(10, 50);
    const preStop = span(12, 20);
    const marker = span(25, 25);
    const gap = span(35, 60);
    expect(packTrack([routed, terminating, preStop, marker, gap])).toEqual([
      [routed, preStop, marker, gap],
      [terminating],
    ]);
  });

  it('does not stack two slices that start together and end apart (viewers order equal starts differently)', () => {
    const long = span(10, 50);
    const short = span(10, 20);
    const same = span(10, 50);
    expect(packTrack([long, same, short])).toEqual([[long, same], [short]]);
  });
});

describe('gaps in the trace', () => {
  it('carry severity, open and container, and a colour chrome://tracing knows', () => {
    const { analysis } = cases.find((c) => c.name === '10-node-pressure-eviction.ndjson' && c.label === 'full')!;
    const withGaps = analysis.pods.filter((pod) => pod.gaps.length > 0);
    expect(withGaps.length).toBeGreaterThan(0);
    const trace = parse(text(analysis.pods));
    const critical = withGaps.flatMap((pod) => pod.gaps).find((gap: Gap) => gap.severity === 'critical')!;
    const event = trace.traceEvents.find((e) => e.cat === 'gap' && e.args.kind === critical.kind)!;
    expect(event).toMatchObject({
      ph: 'X',
      cname: 'terrible',
      args: { severity: 'critical', container: critical.container },
    });
  });
});
