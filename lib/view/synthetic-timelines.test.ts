import { describe, expect, it } from 'vitest';
import { syntheticTimelines } from './synthetic-timelines';

describe('syntheticTimelines', () => {
  it('makes the asked number of pods, half of them terminating, deterministically', () => {
    const { pods, findings } = syntheticTimelines(100);
    expect(pods).toHaveLength(100);
    expect(pods.filter((p) => p.markers.some((m) => m.kind === 'deleteRequested'))).toHaveLength(50);
    expect(findings[0]?.kind).toBe('sigkilled');
    expect(syntheticTimelines(100).pods).toEqual(pods);
  });
});
