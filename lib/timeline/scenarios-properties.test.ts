/**
 * Properties every committed scenario recording must have: live use (an analysis after every entry) ends where
 * a replay does, and lines that arrive a few milliseconds out of order across resources are put back by the
 * reader, so the analysis does not change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeEntries, applyEntry, buildAnalysis, createTimelineState } from './engine';
import { readEntries } from './scenario-support';

const DIR = new URL('../../fixtures/scenarios/', import.meta.url);
const recordings = readdirSync(DIR)
  .filter((name) => name.endsWith('.ndjson'))
  .sort();

function fixture(name: string): string {
  return readFileSync(new URL(name, DIR), 'utf8');
}

/** mulberry32: a small seeded generator, so a failing shuffle can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JITTER_MS = 5;

/**
 * Moves lines up to JITTER_MS against lines of other resources (Pods, EndpointSlices, Events arrive on separate
 * watches), keeping each resource's own lines in order: the reordering a recorder with several watches makes.
 */
function shuffleAcrossResources(text: string, seed: number): string {
  const [header, ...lines] = text.trimEnd().split('\n');
  const next = random(seed);
  const resourceOf = (line: string): string => /"kind":"(Pod|EndpointSlice|Event)"/.exec(line)?.[1] ?? 'other';
  const keyed = lines.map((line, index) => ({
    line,
    index,
    key: Date.parse(JSON.parse(line).at as string) + next() * JITTER_MS,
  }));
  const slots = [...keyed].sort((a, b) => a.key - b.key || a.index - b.index).map((item) => resourceOf(item.line));
  const queues = new Map<string, string[]>();
  for (const { line } of keyed) queues.set(resourceOf(line), [...(queues.get(resourceOf(line)) ?? []), line]);
  const out = slots.map((resource) => queues.get(resource)?.shift() ?? '');
  return [header, ...out].join('\n') + '\n';
}

describe.each(recordings)('%s', (name) => {
  it('an analysis after every entry (live use) ends deep-equal to one pass over the whole recording', async () => {
    const entries = await readEntries(fixture(name));
    let state = createTimelineState();
    let last = buildAnalysis(state);
    for (const entry of entries) {
      state = applyEntry(state, entry);
      last = buildAnalysis(state);
    }
    expect(last).toEqual(analyzeEntries(entries));
  });

  it('lines shuffled by a few ms across resources give the same analysis once the reader reorders them', async () => {
    const text = fixture(name);
    const expected = analyzeEntries(await readEntries(text));
    for (const seed of [1, 2, 3]) {
      const shuffled = shuffleAcrossResources(text, seed);
      expect(shuffled).not.toBe(text);
      expect(analyzeEntries(await readEntries(shuffled)), `seed ${seed}`).toEqual(expected);
    }
  });
});
