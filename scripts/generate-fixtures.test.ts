import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, renderFixtures } from './generate-fixtures';

describe('scenario fixtures', () => {
  const rendered = renderFixtures();

  it('regenerating them in memory gives exactly the committed files (they cannot drift)', () => {
    const committed = readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.ndjson') || f.endsWith('.truth.json')).sort();
    expect(rendered.map((f) => f.name).sort()).toEqual(committed);
    for (const file of rendered) expect(file.content, `${file.name} is stale: run npm run fixtures`).toBe(readFileSync(join(FIXTURES_DIR, file.name), 'utf8'));
  });

  it('the same seed gives byte-identical output, a different seed a different one', () => {
    const again = renderFixtures({ only: ['rolling-update'] });
    const same = rendered.filter((f) => f.name.startsWith('12-'));
    expect(again).toEqual(same);
    const other = renderFixtures({ only: ['rolling-update'], seed: 7 });
    expect(other[0]?.content).not.toBe(same[0]?.content);
    expect(other[1]?.content).not.toBe(same[1]?.content);
  });

  it('every recording starts with a header line and each truth file names its scenario', () => {
    for (const file of rendered) {
      if (file.name.endsWith('.ndjson')) expect(JSON.parse(file.content.split('\n')[0] ?? '')).toMatchObject({ drainscope: 'recording', version: 1 });
      else expect(JSON.parse(file.content)).toMatchObject({ drainscope: 'ground-truth', version: 1, scenario: file.name.replace(/^\d\d-/, '').replace('.truth.json', '') });
    }
  });
});
