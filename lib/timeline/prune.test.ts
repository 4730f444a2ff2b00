import { describe, expect, it } from 'vitest';
import { applyEntry, buildPodTimeline, createTimelineState, takeChangedPodUids } from './engine';
import { podsGoneBefore, pruneOrphans, prunePods } from './prune';
import { at, coreEvent, observe, termination, watchState } from './test-support';
import type { RecordingEntry } from '../recording/types';

function stateOf(entries: RecordingEntry[]) {
  let state = createTimelineState();
  for (const entry of entries) state = applyEntry(state, entry);
  return state;
}

describe('prunePods', () => {
  it('forgets a deleted pod in every index while another pod keeps its timeline', () => {
    const state = stateOf([
      ...termination({ uid: 'old', name: 'web-1' }),
      ...termination({ uid: 'kept', name: 'web-2', deleteAt: 100 }).slice(0, 2),
    ]);
    const before = buildPodTimeline(state, 'kept');
    expect(podsGoneBefore(state, at(1000))).toEqual(['old']);
    prunePods(state, ['old']);
    expect(state.pods.has('old')).toBe(false);
    expect(state.podEvents.has('old')).toBe(false);
    expect(state.endpoints.history.has('old')).toBe(false);
    expect(state.uidsByName.has('shop/web-1')).toBe(false);
    expect(buildPodTimeline(state, 'old')).toBeUndefined();
    expect(buildPodTimeline(state, 'kept')).toEqual(before);
    takeChangedPodUids(state);
  });

  it('does not list a pod that is still alive as gone', () => {
    const state = stateOf(termination({ uid: 'alive' }).slice(0, 2));
    expect(podsGoneBefore(state, at(10_000))).toEqual([]);
  });
});

describe('pruneOrphans', () => {
  it('drops events of uids never seen as pods once older than the cutoff', () => {
    const state = stateOf([observe(5, 'ADDED', coreEvent({ reason: 'Killing', regarding: 'ghost', first: 5 }))]);
    pruneOrphans(state, at(4));
    expect(state.podEvents.has('ghost')).toBe(true);
    pruneOrphans(state, at(6));
    expect(state.podEvents.has('ghost')).toBe(false);
  });

  it('drops watch-blind intervals that ended before every retained pod was first seen', () => {
    const state = stateOf([
      watchState(1, 'pods', 'disconnected'),
      watchState(2, 'pods', 'relisted'),
      ...termination({ uid: 'late' }).map((entry) => ({ ...entry, at: entry.at + 10_000 })),
    ]);
    pruneOrphans(state, at(100));
    expect(state.watch.intervals).toEqual([]);
  });
});
