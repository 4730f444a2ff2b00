import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWholeRecording } from '../recording/reader';
import type { RecordingEntry } from '../recording/types';
import { toAnalysisJson } from '../timeline/analysis-json';
import { analyzeEntries } from '../timeline/engine';
import type { Analysis } from '../timeline/types';
import { Replay } from './replay';

const FIXTURES = path.join(import.meta.dirname, '../../fixtures/scenarios');

async function fixtureEntries(name: string): Promise<RecordingEntry[]> {
  const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, `${name}.ndjson`)));
  async function* once(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  return (await readWholeRecording(once())).entries.map(({ entry }) => entry);
}

function markerCount(analysis: Analysis): number {
  return analysis.pods.reduce((sum, pod) => sum + pod.markers.length, 0);
}

describe('Replay', () => {
  it('at the end of the range gives exactly the full analysis of the range (and the fixture analysis)', async () => {
    const entries = await fixtureEntries('12-rolling-update');
    const replay = new Replay(entries);
    const extent = replay.extent!;
    replay.seek(extent.from + (extent.to - extent.from) / 2);
    const end = replay.seek(extent.to);
    expect(end).toEqual(analyzeEntries(entries));
    const expected = JSON.parse(
      fs.readFileSync(path.join(FIXTURES, '12-rolling-update.analysis.json'), 'utf8'),
    ) as unknown;
    expect(toAnalysisJson(end)).toEqual(expected);
  });

  it('as of an instant, shows only what had been received by then', async () => {
    const entries = await fixtureEntries('12-rolling-update');
    const replay = new Replay(entries);
    const { from, to } = replay.extent!;
    const middle = from + (to - from) / 2;
    const atMiddle = replay.seek(middle);
    expect(atMiddle).toEqual(analyzeEntries(entries.filter((entry) => entry.at <= middle)));
    expect(markerCount(atMiddle)).toBeLessThan(markerCount(replay.seek(to)));
  });

  it('applies forward steps incrementally: each entry once, no rebuild', async () => {
    const entries = await fixtureEntries('12-rolling-update');
    const replay = new Replay(entries);
    const { from, to } = replay.extent!;
    for (let step = 0; step <= 20; step++) replay.seek(from + ((to - from) * step) / 20);
    expect(replay.stats).toEqual({ applied: entries.length, rebuilds: 0 });
  });

  it('rebuilds from the first entry on a backward seek, and lands on the same state as a fresh replay', async () => {
    const entries = await fixtureEntries('12-rolling-update');
    const replay = new Replay(entries);
    const { from, to } = replay.extent!;
    const earlier = from + (to - from) / 3;
    replay.seek(to);
    const back = replay.seek(earlier);
    expect(replay.stats.rebuilds).toBe(1);
    expect(replay.stats.applied).toBe(entries.length + replay.countUpTo(earlier));
    expect(back).toEqual(new Replay(entries).seek(earlier));
  });

  it('a seek between two entries reuses the analysis it already built', async () => {
    const entries = await fixtureEntries('02-prestop-sleep');
    const index = entries.findIndex((entry, i) => i > 0 && entry.at - entries[i - 1]!.at > 1);
    const before = entries[index - 1]!.at;
    const replay = new Replay(entries);
    const first = replay.seek(before);
    expect(replay.seek(before + 1)).toBe(first);
    expect(replay.seek(entries[index]!.at)).not.toBe(first);
  });

  it('before the first entry shows nothing; an empty recording has no extent', () => {
    expect(new Replay([]).extent).toBeNull();
    expect(new Replay([]).seek(0).pods).toEqual([]);
  });

  it('orders entries given out of order by receipt time, keeping equal times in the given order', async () => {
    const entries = await fixtureEntries('02-prestop-sleep');
    const shuffled = [...entries].reverse();
    const replay = new Replay(shuffled);
    expect(replay.seek(replay.extent!.to)).toEqual(analyzeEntries([...shuffled].sort((a, b) => a.at - b.at)));
  });
});
