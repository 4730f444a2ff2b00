/**
 * Regenerates the scenario fixtures: every finite scenario run in virtual time with a fixed seed and start,
 * written as `fixtures/scenarios/NN-name.ndjson` (the recording, plain text for readable diffs),
 * `NN-name.truth.json` (the ground truth, ../server/sim/GROUND-TRUTH.md) and `NN-name.analysis.json` (the
 * engine's analysis of that recording, version 1 JSON with the default allowance, read as the CLI reads it), so
 * that any change to an analysis shows up as a reviewed diff. Deterministic: two runs give byte-identical files.
 * `npm run fixtures`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readWholeRecording } from '../lib/recording/reader';
import { toAnalysisJson } from '../lib/timeline/analysis-json';
import { analyzeEntries } from '../lib/timeline/engine';
import { SCENARIOS } from '../server/sim/scenarios/index';
import { FIXTURE_SEED, FIXTURE_START, runScenario } from '../server/sim/scenarios/run';

export const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'scenarios');

export interface FixtureFile {
  /** Relative to FIXTURES_DIR. */
  name: string;
  content: string;
}

export function fixtureBaseName(scenario: { number: number | null; name: string }): string {
  return `${String(scenario.number ?? 0).padStart(2, '0')}-${scenario.name}`;
}

/** The analysis `drainscope analyze --json` prints for a recording: read (and reordered) by the reader, then the engine. */
export async function renderAnalysis(recording: string): Promise<string> {
  const bytes = new TextEncoder().encode(recording);
  const { entries } = await readWholeRecording(
    (async function* () {
      yield bytes;
    })(),
  );
  const analysis = analyzeEntries(entries.map((recorded) => recorded.entry));
  return `${JSON.stringify(toAnalysisJson(analysis), null, 2)}\n`;
}

export async function renderFixtures(options: { seed?: number; only?: string[] } = {}): Promise<FixtureFile[]> {
  const files: FixtureFile[] = [];
  for (const scenario of SCENARIOS) {
    if (!scenario.finite || (options.only && !options.only.includes(scenario.name))) continue;
    const run = runScenario(scenario.name, { seed: options.seed ?? FIXTURE_SEED, startAt: FIXTURE_START });
    const base = fixtureBaseName(scenario);
    files.push({ name: `${base}.ndjson`, content: run.recording });
    files.push({ name: `${base}.truth.json`, content: `${JSON.stringify(run.truth, null, 2)}\n` });
    files.push({ name: `${base}.analysis.json`, content: await renderAnalysis(run.recording) });
  }
  return files;
}

async function main(): Promise<void> {
  mkdirSync(FIXTURES_DIR, { recursive: true });
  for (const file of await renderFixtures()) {
    writeFileSync(join(FIXTURES_DIR, file.name), file.content);
    console.log(`wrote fixtures/scenarios/${file.name}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
