import { afterEach, describe, expect, it } from 'vitest';
import type { RecordingEntry } from '@/lib/recording/types';
import { analyzeEntries } from '@/lib/timeline/engine';
import { toAnalysisJson } from '@/lib/timeline/analysis-json';
import { at, termination, watchState } from '@/lib/timeline/test-support';
import type { HubDelta } from './client-queue';
import { TimelineHub } from './hub';

let hub: TimelineHub | undefined;
afterEach(() => hub?.stop());

function newHub(now = () => at(100), options: { ringCapacity?: number; retentionMs?: number } = {}): TimelineHub {
  hub = new TimelineHub({ now, ...options });
  return hub;
}

function ingestAll(target: TimelineHub, entries: RecordingEntry[]): void {
  for (const entry of entries) target.ingest(entry, JSON.stringify({ at: entry.at }));
}

describe('TimelineHub', () => {
  it('publishes the changed pod timeline once per batch, with increasing sequence ids', () => {
    const target = newHub();
    const deltas: HubDelta[] = [];
    target.subscribe((delta) => deltas.push(delta));
    ingestAll(target, termination({ uid: 'p1' }));
    target.flush();
    const timelines = deltas.filter((delta) => delta.message.type === 'timeline');
    expect(timelines).toHaveLength(1);
    const last = timelines[0]?.message;
    if (last?.type !== 'timeline') throw new Error('expected a timeline');
    expect(last.pod.markers.map((marker) => marker.kind)).toEqual(
      expect.arrayContaining(['deleteRequested', 'endpointNotReady', 'containerExited', 'podDeleted']),
    );
    expect(deltas.map((delta) => delta.seq)).toEqual(deltas.map((_, index) => index + 1));
  });

  it('flushes by itself on the next macrotask', async () => {
    const target = newHub();
    const deltas: HubDelta[] = [];
    target.subscribe((delta) => deltas.push(delta));
    ingestAll(target, termination({ uid: 'p1' }).slice(0, 1));
    expect(deltas).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(deltas).toHaveLength(1);
  });

  it('gives every raw line to the recording sinks, in order', () => {
    const target = newHub();
    const lines: string[] = [];
    target.tapLines((line) => lines.push(line));
    const entries = termination({ uid: 'p1' });
    ingestAll(target, entries);
    expect(lines).toEqual(entries.map((entry) => JSON.stringify({ at: entry.at })));
  });

  it('publishes watch-state changes as watch deltas', () => {
    const target = newHub();
    const deltas: HubDelta[] = [];
    target.subscribe((delta) => deltas.push(delta));
    target.ingest({ ...watchState(5, 'pods', 'disconnected'), reason: 'EOF' }, '');
    expect(deltas[0]?.message).toEqual({
      type: 'watch',
      watch: { resource: 'pods', state: 'disconnected', synced: false, at: at(5), reason: 'EOF', since: at(5) },
    });
    expect(target.snapshot().watches).toHaveLength(1);
  });

  it("carries a disconnect's since, and a hang until a watch delivers again, across the relist", () => {
    const target = newHub();
    const deltas: HubDelta[] = [];
    target.subscribe((delta) => deltas.push(delta));
    target.ingest(
      {
        ...watchState(90, 'pods', 'disconnected'),
        reason: 'no data or bookmark for 60 s: watch presumed hung',
        since: at(30),
      },
      '',
    );
    target.reportHung('pods', at(30), at(90));
    target.ingest(watchState(91, 'pods', 'relisted'), '');
    expect(target.snapshot().watches).toEqual([
      { resource: 'pods', state: 'relisted', synced: true, at: at(91), hungSince: at(30) },
    ]);
    target.reportHung('pods', null, at(95));
    expect(target.snapshot().watches).toEqual([{ resource: 'pods', state: 'relisted', synced: true, at: at(91) }]);
    expect(deltas.map((delta) => (delta.message.type === 'watch' ? delta.message.watch : null))).toEqual([
      {
        resource: 'pods',
        state: 'disconnected',
        synced: false,
        at: at(90),
        reason: 'no data or bookmark for 60 s: watch presumed hung',
        since: at(30),
      },
      {
        resource: 'pods',
        state: 'disconnected',
        synced: false,
        at: at(90),
        reason: 'no data or bookmark for 60 s: watch presumed hung',
        since: at(30),
        hungSince: at(30),
      },
      { resource: 'pods', state: 'relisted', synced: true, at: at(91), hungSince: at(30) },
      { resource: 'pods', state: 'relisted', synced: true, at: at(91) },
    ]);
  });

  it('publishes a first list that failed as an unsynced watch, once per reason, to sessions but not to the recording', () => {
    const target = newHub();
    const deltas: HubDelta[] = [];
    const lines: string[] = [];
    target.subscribe((delta) => deltas.push(delta));
    target.tapLines((line) => lines.push(line));
    const reason =
      'forbidden: cannot list endpointslices at cluster scope: grant get, list, watch on endpointslices (apiGroup discovery.k8s.io)';
    target.reportUnsynced('endpointslices', reason, at(1));
    target.reportUnsynced('endpointslices', reason, at(2)); // the next retry, same answer
    expect(deltas.map((delta) => delta.message)).toEqual([
      { type: 'watch', watch: { resource: 'endpointslices', state: 'disconnected', synced: false, at: at(1), reason } },
    ]);
    expect(target.snapshot().watches).toEqual([
      { resource: 'endpointslices', state: 'disconnected', synced: false, at: at(1), reason },
    ]);
    expect(lines).toEqual([]);
    // Granted: the watch opens and its connected state replaces the failure.
    target.ingest(watchState(3, 'endpointslices', 'connected'), '');
    expect(target.snapshot().watches).toEqual([
      { resource: 'endpointslices', state: 'connected', synced: true, at: at(3) },
    ]);
  });

  it('answers a resume from the ring, and not from before it', () => {
    const target = newHub(undefined, { ringCapacity: 3 });
    for (let i = 0; i < 5; i += 1) {
      ingestAll(target, termination({ uid: `p${i}`, name: `web-${i}` }).slice(0, 1));
      target.flush();
    }
    expect(target.deltasSince(3)?.map((delta) => delta.seq)).toEqual([4, 5]);
    expect(target.deltasSince(1)).toBeUndefined();
  });

  it('forgets pods deleted longer ago than the retention window and tells subscribers', () => {
    let now = at(30);
    const target = newHub(() => now, { retentionMs: 60_000 });
    ingestAll(target, termination({ uid: 'gone' }));
    ingestAll(target, termination({ uid: 'alive', name: 'web-2' }).slice(0, 2));
    target.flush();
    const deltas: HubDelta[] = [];
    target.subscribe((delta) => deltas.push(delta));
    target.sweep();
    expect(target.stats().pods).toBe(2);
    // Nothing forgotten yet: every pod is still held, so nothing is incomplete.
    expect(target.snapshot().forgottenBefore).toBeUndefined();
    now = at(1000);
    target.sweep();
    // The cutoff goes with the removal and stays in the snapshot: counts over pods before it would miss 'gone'.
    expect(deltas.map((delta) => delta.message)).toContainEqual({
      type: 'removed',
      uid: 'gone',
      forgottenBefore: at(1000) - 60_000,
    });
    expect(target.snapshot().forgottenBefore).toBe(at(1000) - 60_000);
    expect(target.snapshot().pods.map((pod) => pod.uid)).toEqual(['alive']);
  });

  it('recomputes findings only when asked or throttled, and publishes them only when they change', () => {
    const target = newHub();
    const deltas: HubDelta[] = [];
    target.subscribe((delta) => deltas.push(delta));
    ingestAll(target, termination({ uid: 'p1', deployment: 'web' }));
    target.flush();
    target.flushFindings();
    target.flushFindings();
    expect(deltas.filter((delta) => delta.message.type === 'findings').length).toBeLessThanOrEqual(1);
    expect(target.snapshot().findings).toEqual(target.analysis().findings);
  });

  it('makes the same analysis from the pods it keeps as the engine deriving every pod again, as pods come and go', () => {
    // Retention at 930 s forgets the pods gone before 870 s: all but a3 (deleted at 900 s).
    const target = newHub(() => at(930), { retentionMs: 60_000 });
    // Two Deployments, pods that exit cleanly, get killed at the deadline or fail, taken in interleaved order
    // with flushes between; then the first ones forgotten by retention.
    const scripts = [
      termination({ uid: 'a1', deployment: 'web', deleteAt: 10 }),
      termination({ uid: 'b1', deployment: 'api', deleteAt: 12, exits: { app: { exitCode: 137, finishedAt: 43 } } }),
      termination({ uid: 'a2', deployment: 'web', deleteAt: 400 }),
      termination({ uid: 'b2', deployment: 'api', deleteAt: 402, exits: { app: { exitCode: 1, finishedAt: 405 } } }),
      termination({ uid: 'a3', deployment: 'web', deleteAt: 900 }),
    ];
    const ingested: RecordingEntry[] = [];
    const longest = Math.max(...scripts.map((entries) => entries.length));
    for (let index = 0; index < longest; index++) {
      for (const entries of scripts) {
        const entry = entries[index];
        if (!entry) continue;
        target.ingest(entry, '');
        ingested.push(entry);
      }
      target.flush();
      target.flushFindings();
      const fresh = toAnalysisJson(analyzeEntries(ingested, { allowanceSeconds: target.allowanceSeconds }));
      expect(toAnalysisJson(target.analysis())).toEqual(fresh);
      expect(target.snapshot().findings).toEqual(target.analysis().findings);
    }
    expect(target.snapshot().findings.length).toBeGreaterThan(1);
    target.sweep();
    const kept = new Set(target.snapshot().pods.map((pod) => pod.uid));
    expect([...kept]).toEqual(['a3']);
    target.flushFindings();
    // What is left: the pods retention kept, each as the engine derives it from every entry, and findings that
    // name only them.
    const fresh = toAnalysisJson(analyzeEntries(ingested, { allowanceSeconds: target.allowanceSeconds }));
    const analysis = toAnalysisJson(target.analysis());
    expect(analysis.pods).toEqual(fresh.pods.filter((pod) => kept.has(pod.uid)));
    expect(analysis.findings.length).toBeGreaterThan(0);
    expect(analysis.findings.flatMap((finding) => finding.pods).every((uid) => kept.has(uid))).toBe(true);
    expect(target.snapshot().findings).toEqual(target.analysis().findings);
  });
});
