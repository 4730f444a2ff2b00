import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, renderAnalysis, renderFixtures, type FixtureFile } from './generate-fixtures';

describe('scenario fixtures', () => {
  let rendered: FixtureFile[] = [];
  beforeAll(async () => {
    rendered = await renderFixtures();
  });

  it('regenerating them in memory gives exactly the committed files (they cannot drift)', () => {
    const committed = readdirSync(FIXTURES_DIR)
      .filter((f) => f.endsWith('.ndjson') || f.endsWith('.truth.json') || f.endsWith('.analysis.json'))
      .sort();
    expect(rendered.map((f) => f.name).sort()).toEqual(committed);
    for (const file of rendered)
      expect(file.content, `${file.name} is stale: run npm run fixtures`).toBe(
        readFileSync(join(FIXTURES_DIR, file.name), 'utf8'),
      );
  });

  it('the committed expected analyses are what the engine makes of the committed recordings', async () => {
    for (const file of rendered.filter((f) => f.name.endsWith('.analysis.json'))) {
      const recording = readFileSync(join(FIXTURES_DIR, file.name.replace('.analysis.json', '.ndjson')), 'utf8');
      expect(
        await renderAnalysis(recording),
        `${file.name}: the analysis changed; review the diff of npm run fixtures`,
      ).toBe(readFileSync(join(FIXTURES_DIR, file.name), 'utf8'));
    }
  });

  it('the same seed gives byte-identical output, a different seed a different one', async () => {
    const again = await renderFixtures({ only: ['rolling-update'] });
    const same = rendered.filter((f) => f.name.startsWith('12-'));
    expect(again).toEqual(same);
    const other = await renderFixtures({ only: ['rolling-update'], seed: 7 });
    for (const index of [0, 1, 2]) expect(other[index]?.content).not.toBe(same[index]?.content);
  });

  it('every recording starts with a header line, each truth file names its scenario, each analysis is version 1 with the default allowance', () => {
    for (const file of rendered) {
      if (file.name.endsWith('.ndjson'))
        expect(JSON.parse(file.content.split('\n')[0] ?? '')).toMatchObject({ drainscope: 'recording', version: 1 });
      else if (file.name.endsWith('.analysis.json'))
        expect(JSON.parse(file.content)).toMatchObject({ version: 1, allowanceSeconds: 2 });
      else
        expect(JSON.parse(file.content)).toMatchObject({
          drainscope: 'ground-truth',
          version: 1,
          scenario: file.name.replace(/^\d\d-/, '').replace('.truth.json', ''),
        });
    }
  });
});
