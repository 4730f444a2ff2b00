/**
 * Counting terminations over every finite simulator scenario's recording, line by line through a hub as the live
 * pipeline feeds it: each terminated pod is counted exactly once, without waiting for the settle rule when its
 * termination finished normally, and a restart part way (the first part replayed from the store) neither counts
 * a termination again nor loses one that had not completed.
 */
import { describe, expect, it } from 'vitest';
import type { RecordingEntry } from '@/lib/recording/types';
import { parseLine } from '@/lib/recording/parse-line';
import { TimelineHub } from '../hub/hub';
import { SCENARIOS } from '../sim/scenarios';
import { runScenario } from '../sim/scenarios/run';
import { Terminations } from './terminations';

interface Line {
  entry: RecordingEntry;
  text: string;
}

function recording(name: string): { lines: Line[]; terminated: string[] } {
  const run = runScenario(name);
  const lines: Line[] = [];
  run.lines.forEach((text, index) => {
    const parsed = parseLine(text, index + 1);
    if (parsed.kind === 'observation' || parsed.kind === 'watch-state') lines.push({ entry: parsed.entry, text });
  });
  const recorded = new Set(
    lines.flatMap(({ entry }) => ('object' in entry && entry.object.kind === 'Pod' ? [entry.object.metadata.uid] : [])),
  );
  const terminated = run.truth.pods.filter((pod) => pod.cause !== null && recorded.has(pod.uid)).map((pod) => pod.uid);
  return { lines, terminated };
}

/** One process: a hub and its counter, fed `replayed` lines as a resume from the store, then `live` lines. */
function runProcess(replayed: readonly Line[], live: readonly Line[], now: () => number): string[] {
  const counted: string[] = [];
  const hub = new TimelineHub({ now });
  const terminations = new Terminations({ now, count: (pod) => counted.push(pod.timeline.uid) });
  hub.observe({ derived: (pod) => terminations.observe(pod), removed: (uid) => terminations.removed(uid) });
  for (const { entry, text } of replayed) hub.ingest(entry, text);
  const last = replayed.at(-1)?.entry.at;
  if (last !== undefined) {
    // What server/store/live-recorder.ts appends after a replay: every watch blind from the last stored line.
    for (const resource of ['pods', 'events', 'endpointslices'] as const)
      hub.ingest(
        { at: last, type: 'WATCH', resource, state: 'disconnected', reason: 'drainscope was not running' },
        '',
      );
  }
  hub.flush();
  terminations.resumed();
  if (last !== undefined) {
    for (const resource of ['pods', 'events', 'endpointslices'] as const)
      hub.ingest({ at: last + 1, type: 'WATCH', resource, state: 'relisted' }, '');
  }
  for (const { entry, text } of live) {
    hub.ingest(entry, text);
    hub.flush();
  }
  hub.stop();
  return counted;
}

const FINITE = SCENARIOS.filter((scenario) => scenario.finite).map((scenario) => scenario.name);

describe('Terminations', () => {
  it.each(FINITE)(
    '%s: counts every terminated pod once, when its timeline is complete, without waiting to settle',
    (name) => {
      const { lines, terminated } = recording(name);
      const end = lines.at(-1)?.entry.at ?? 0;
      const counted = runProcess([], lines, () => end);
      // Every termination of these scenarios ends (the pod gone, or Failed on its node) before the recording does.
      expect([...counted].sort()).toEqual([...terminated].sort());
      expect(counted.length).toBeGreaterThan(0);
    },
  );

  it.each(FINITE)(
    '%s: a restart after any pod went, or at a third of the recording, counts nothing twice and loses nothing that completes after it',
    (name) => {
      const { lines } = recording(name);
      const end = lines.at(-1)?.entry.at ?? 0;
      const whole = runProcess([], lines, () => end);
      const afterGone = lines.flatMap(({ entry }, index) =>
        entry.type === 'DELETED' && entry.object.kind === 'Pod' ? [index + 1] : [],
      );
      for (const cut of [Math.floor(lines.length / 3), Math.floor((2 * lines.length) / 3), ...afterGone]) {
        const before = runProcess([], lines.slice(0, cut), () => end);
        const after = runProcess(lines.slice(0, cut), lines.slice(cut), () => end);
        const both = [...before, ...after];
        expect(new Set(both).size, `restart after line ${cut}`).toBe(both.length);
        expect(both.sort(), `restart after line ${cut}`).toEqual([...whole].sort());
      }
    },
  );

  it('counts a termination that never completes (its EndpointSlice watch stays blind) once settleMs has passed since the pod went', () => {
    const { lines } = recording('no-prestop');
    let now = lines.at(-1)?.entry.at ?? 0;
    const counted: string[] = [];
    const hub = new TimelineHub({ now: () => now });
    const terminations = new Terminations({
      now: () => now,
      count: (pod) => counted.push(pod.timeline.uid),
      settleMs: 30_000,
    });
    hub.observe({ derived: (pod) => terminations.observe(pod), removed: (uid) => terminations.removed(uid) });
    terminations.resumed();
    const isDelete = ({ entry }: Line) =>
      'object' in entry && entry.object.kind === 'Pod' && entry.object.metadata.deletionTimestamp !== undefined;
    const deleteAt = lines.find(isDelete)?.entry.at ?? 0;
    let blind = false;
    for (const { entry, text } of lines) {
      if (!blind && entry.at >= deleteAt) {
        hub.ingest(
          { at: deleteAt - 1, type: 'WATCH', resource: 'endpointslices', state: 'disconnected', reason: 'EOF' },
          '',
        );
        blind = true;
      }
      if (blind && 'object' in entry && entry.object.kind === 'EndpointSlice') continue;
      hub.ingest(entry, text);
    }
    hub.flush();
    terminations.settle();
    expect(counted).toEqual([]);
    expect(terminations.pendingCount).toBe(1);
    now += 31_000;
    terminations.settle();
    terminations.settle();
    expect(counted).toHaveLength(1);
    expect(terminations.pendingCount).toBe(0);
    hub.stop();
  });
});
